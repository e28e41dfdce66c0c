/** Small DOM helpers shared by the adapters. Pure reads: adapters never change the page. */
import type { FieldMatch } from '../lib/dom/types';

/** Elements matching `selector` inside `root`, `root` itself included. */
export function within<T extends Element = Element>(root: Element, selector: string): T[] {
  const found = [...root.querySelectorAll<T>(selector)];
  if (root.matches(selector)) found.unshift(root as T);
  return found;
}

/**
 * The elements inside `root` (`root` itself included) that match each of `selectors`, one query
 * per selector, with a `null` after each query's matches: the marker ScanProfile.fields uses to
 * let the linker yield to the page between document-wide queries. One query per selector because
 * a selector list tests every element against every selector (the bench's 5,000-row list: 9-10
 * ms for two, 4-5 ms for each alone); the static NodeList is read item by item, so the matches'
 * element wrappers are made as the linker steps through them.
 */
export function* eachMatch(
  root: Element,
  selectors: readonly string[],
): Generator<Element | null, void, undefined> {
  for (const selector of selectors) {
    if (root.matches(selector)) yield root;
    yield* root.querySelectorAll(selector);
    yield null;
  }
}

/** eachMatch() as phone fields (ScanProfile.fields), the `null`s kept. */
export function* phoneFields(
  root: Element,
  selectors: readonly string[],
): Generator<FieldMatch | null, void, undefined> {
  for (const element of eachMatch(root, selectors)) yield element && { element, kind: 'phone' };
}

/**
 * The `<input>`s inside `root` (or `root` itself) that match `selector`, found by tag first: a
 * page's inputs are few next to its elements, and the selector as a query tested every element
 * of the bench's list against each of its parts (7-12 ms there, one long step).
 */
export function inputsMatching(root: Element, selector: string): HTMLInputElement[] {
  const candidates: Iterable<Element> =
    root.localName === 'input' ? [root] : root.getElementsByTagName('input');
  const found: HTMLInputElement[] = [];
  for (const input of candidates)
    if (input.matches(selector)) found.push(input as HTMLInputElement);
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
