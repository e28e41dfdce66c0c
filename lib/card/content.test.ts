import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { CARD_TAG, mountCallCards, type CardChannel } from './content';
import type { CardsView } from './state';

const card = (callId: string, name: string) => ({
  callId,
  number: '+74951234567',
  name,
  phase: 'missed' as const,
  appearedAt: Date.now(),
});

let roots: ShadowRoot[] = [];

beforeEach(() => {
  fakeBrowser.reset();
  roots = [];
  // The root is closed: keep a handle on it the way only this test can.
  const attach = Element.prototype.attachShadow;
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (
    this: Element,
    init: ShadowRootInit,
  ) {
    const root = attach.call(this, init);
    roots.push(root);
    return root;
  });
});
afterEach(() => {
  document.documentElement.querySelector(CARD_TAG)?.remove();
});

/** The background's side: answers the list, records actions, pushes changes. */
function background(initial: CardsView) {
  const actions: unknown[] = [];
  let push: (cards: CardsView) => void = () => undefined;
  const channel: CardChannel = {
    list: async () => initial,
    act: async (request) => {
      actions.push(request);
      return { ok: true };
    },
    subscribe: (show) => {
      push = show;
      return () => (push = () => undefined);
    },
  };
  return { actions, channel, push: (cards: CardsView) => push(cards) };
}

const host = () => document.documentElement.querySelector(`:scope > ${CARD_TAG}`);
const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true));

describe('the call card in a page', () => {
  it('adds its host to <html> only while there is a card, and removes it when the session stops', async () => {
    const bg = background({ rev: 0, cards: [] });
    const session = new AbortController();
    mountCallCards(session.signal, bg.channel);
    await new Promise((r) => setTimeout(r, 20));
    expect(host()).toBeNull();
    bg.push({ rev: 1, cards: [card('a', 'Ivan')] });
    expect(host()).not.toBeNull();
    bg.push({ rev: 2, cards: [] });
    expect(host()).toBeNull();
    bg.push({ rev: 3, cards: [card('b', 'Olena')] });
    session.abort();
    expect(host()).toBeNull();
    // After the stop, pushes change nothing.
    bg.push({ rev: 4, cards: [card('c', 'Hans')] });
    expect(host()).toBeNull();
  });

  it('shows the cards it is told about as text, ignores stale pushes, and leaves no trace', async () => {
    const bg = background({ rev: 3, cards: [card('a', '<b>Ivan</b>')] });
    const session = new AbortController();
    mountCallCards(session.signal, bg.channel);
    await until(() => host() !== null);
    const root = roots.at(-1)!;
    expect(root.mode).toBe('closed');
    await until(() => root.querySelector('.name')?.textContent === '<b>Ivan</b>');
    expect(root.querySelector('b')).toBeNull();
    // A push older than what the tab shows (it crossed the first answer) is ignored.
    bg.push({ rev: 2, cards: [] });
    expect(root.querySelector('.name')?.textContent).toBe('<b>Ivan</b>');
    session.abort();
    expect(host()).toBeNull();
  });

  it('folds a card that outlived its 20 s while the tab was hidden as soon as the tab shows', async () => {
    // Only the clock moves: the 20 s timer stands for one a hidden tab's throttling delayed.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const bg = background({ rev: 1, cards: [card('a', 'Ivan')] });
      const session = new AbortController();
      mountCallCards(session.signal, bg.channel);
      const view = () => roots.at(-1)?.querySelector('.card')?.getAttribute('data-view');
      await until(() => view() === 'expanded');
      vi.setSystemTime(Date.now() + 25_000);
      expect(view()).toBe('expanded');
      document.dispatchEvent(new Event('visibilitychange'));
      await until(() => view() === 'collapsed');
      session.abort();
    } finally {
      vi.useRealTimers();
    }
  });

  it('acts only on trusted events', async () => {
    const { actions, channel } = background({ rev: 1, cards: [card('a', 'Ivan')] });
    const session = new AbortController();
    mountCallCards(session.signal, channel);
    await until(() => !!roots.at(-1)?.querySelector('button.close'));
    // happy-dom's synthetic click is untrusted, like a page script's would be.
    roots.at(-1)!.querySelector<HTMLButtonElement>('button.close')!.click();
    await new Promise((r) => setTimeout(r, 20));
    expect(actions).toEqual([]);
    expect(host()).not.toBeNull();
    // The click did reach the card (its own Minimise needs no trust): only the action was refused.
    roots.at(-1)!.querySelector<HTMLButtonElement>('button.collapse')!.click();
    await until(
      () => roots.at(-1)!.querySelector('.card')?.getAttribute('data-view') === 'collapsed',
    );
    session.abort();
  });
});
