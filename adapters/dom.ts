/** Small DOM helpers shared by the adapters. Pure reads: adapters never change the page. */

/** Elements matching `selector` inside `root`, `root` itself included. */
export function within<T extends Element = Element>(root: Element, selector: string): T[] {
  const found = [...root.querySelectorAll<T>(selector)];
  if (root.matches(selector)) found.unshift(root as T);
  return found;
}

/** Text as a person reads it: whitespace (including no-break spaces) collapsed, trimmed. */
export function cleanText(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s\u00A0]+/g, ' ').trim();
}

/** An absolute http(s) URL for `href` on this page, or undefined. */
export function absoluteUrl(doc: Document, href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, doc.baseURI);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** `closest()` that starts from a text node's parent too. */
export function closestOf(node: Node, selector: string): Element | null {
  const el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  return el ? el.closest(selector) : null;
}

/**
 * `read(key)`, or what it gave for `key` earlier in this batch of contact reads (see
 * ScanProfile.contactFor): a list row is read once for all of its numbers.
 */
export function memoized<T>(
  memo: Map<Element, T> | undefined,
  key: Element,
  read: (key: Element) => T,
): T {
  if (!memo) return read(key);
  if (memo.has(key)) return memo.get(key) as T;
  const value = read(key);
  memo.set(key, value);
  return value;
}
