/**
 * The one place that creates MutationObservers (a lint rule keeps it so). Each observed root
 * gets exactly one observer, tied to an AbortSignal, and the callback receives only what changed:
 * the top-most added nodes that are still in the page and the text nodes whose text changed.
 * Nothing here rescans the document.
 */

export interface DomChanges {
  /** Added subtrees, top-most only (a node inside another added node is not listed again). */
  added: Node[];
  /** Text nodes whose data changed in place (a framework updating a cell's text). */
  changedText: Text[];
  /** Whether anything was removed, so the caller can drop bookkeeping for detached nodes. */
  removed: boolean;
}

export interface ObserveOptions {
  /** Nodes of our own making (call controls): their insertion and removal are not changes. */
  isOwn: (node: Node) => boolean;
  signal: AbortSignal;
}

const observed = new WeakMap<Node, MutationObserver>();

/** Observes `root` until the signal aborts. A second call for the same root is refused. */
export function observeRoot(
  root: Node,
  onChange: (changes: DomChanges) => void,
  { isOwn, signal }: ObserveOptions,
): void {
  if (signal.aborted) return;
  if (observed.has(root)) throw new Error('observeRoot: this root is already observed');
  const observer = new MutationObserver((records) => {
    const changes = summarize(records, isOwn);
    if (changes.added.length > 0 || changes.changedText.length > 0 || changes.removed)
      onChange(changes);
  });
  observer.observe(root, { childList: true, subtree: true, characterData: true });
  observed.set(root, observer);
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      observed.delete(root);
    },
    { once: true },
  );
}

/** Reduces mutation records to the top-most live added nodes and changed texts. */
export function summarize(
  records: readonly MutationRecord[],
  isOwn: (node: Node) => boolean,
): DomChanges {
  const added = new Set<Node>();
  const changedText = new Set<Text>();
  let removed = false;
  for (const record of records) {
    if (record.type === 'characterData') {
      if (record.target.nodeType === Node.TEXT_NODE) changedText.add(record.target as Text);
      continue;
    }
    for (const node of record.addedNodes) if (!isOwn(node)) added.add(node);
    for (const node of record.removedNodes) if (!isOwn(node)) removed = true;
  }
  const top: Node[] = [];
  for (const node of added) {
    if (!node.isConnected) continue;
    let inside = false;
    for (let parent = node.parentNode; parent; parent = parent.parentNode) {
      if (added.has(parent)) {
        inside = true;
        break;
      }
    }
    if (!inside) top.push(node);
  }
  const texts: Text[] = [];
  for (const text of changedText) {
    if (!text.isConnected) continue;
    // A text inside an added subtree is scanned with that subtree.
    let inside = false;
    for (let parent = text.parentNode; parent; parent = parent.parentNode) {
      if (added.has(parent)) {
        inside = true;
        break;
      }
    }
    if (!inside) texts.push(text);
  }
  return { added: top, changedText: texts, removed };
}
