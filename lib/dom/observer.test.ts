import { describe, expect, it } from 'vitest';
import { observeRoot, summarize, type DomChanges } from './observer';

const isOwn = (node: Node) => node.nodeName === 'CALLBRIDGE-CALL';
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('observeRoot', () => {
  it('reports only the top-most added subtrees and changed texts, never our own nodes', async () => {
    document.body.innerHTML = '<div id="list"><p id="keep">8 916 123-45-67</p></div>';
    const changes: DomChanges[] = [];
    const controller = new AbortController();
    observeRoot(document.body, (c) => changes.push(c), { isOwn, signal: controller.signal });

    const row = document.createElement('div');
    row.innerHTML = '<span>+7 495</span><span> 123-45-67</span>';
    document.getElementById('list')!.append(row);
    row.append(document.createElement('b')); // inside an added subtree: not reported again
    document.getElementById('keep')!.append(document.createElement('callbridge-call'));
    (document.getElementById('keep')!.firstChild as Text).data = '8 916 765-43-21';
    await flush();

    expect(changes).toHaveLength(1);
    expect(changes[0]!.added).toEqual([row]);
    expect(changes[0]!.changedText).toEqual([document.getElementById('keep')!.firstChild]);
    expect(changes[0]!.removed).toBe(false);

    document.querySelector('callbridge-call')!.remove(); // our own removal is not a change
    await flush();
    expect(changes).toHaveLength(1);

    row.remove();
    await flush();
    expect(changes).toHaveLength(2);
    expect(changes[1]!.removed).toBe(true);

    controller.abort();
    document.body.append(document.createElement('div'));
    await flush();
    expect(changes).toHaveLength(2);
  });

  it('refuses a second observer on the same root', () => {
    const root = document.createElement('div');
    const controller = new AbortController();
    observeRoot(root, () => undefined, { isOwn, signal: controller.signal });
    expect(() =>
      observeRoot(root, () => undefined, { isOwn, signal: controller.signal }),
    ).toThrow();
    controller.abort();
    observeRoot(root, () => undefined, { isOwn, signal: new AbortController().signal });
  });

  it('drops added nodes that are gone again by the time the records are read', () => {
    const parent = document.createElement('div');
    const gone = document.createElement('span');
    const record = {
      type: 'childList',
      addedNodes: [gone],
      removedNodes: [],
      target: parent,
    } as unknown as MutationRecord;
    expect(summarize([record], isOwn).added).toEqual([]);
  });
});
