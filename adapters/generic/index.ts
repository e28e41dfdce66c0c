/**
 * Any other page: numbers in text are found by the finder, `<input type="tel">` fields get a
 * control, tel:/callto:/sip: links are taken over (by the engine, on every page), and standard
 * markup (schema.org, microformats) marks phone fields and contact cards.
 */
import type { ContactHint, FieldMatch } from '../../lib/dom/types';
import { absoluteUrl, cleanText, closestOf, memoized } from '../dom';
import type { Adapter } from '../types';
import { genericPages } from './pages';
import * as S from './selectors';

function cardContact(card: Element): ContactHint {
  const hint: ContactHint = {};
  const name = cleanText(card.querySelector(S.CARD_NAME)?.textContent);
  const url = absoluteUrl(card.ownerDocument, card.querySelector(S.CARD_URL)?.getAttribute('href'));
  if (name) hint.name = name;
  if (url) hint.recordUrl = url;
  return hint;
}

/**
 * One query per selector, each ending the linker's step with a `null` (ScanProfile.fields): the
 * three as one list took 10-15 ms on the bench's 5,000-row list, one step of the first scan.
 */
function* fields(root: Element): Generator<FieldMatch | null, void, undefined> {
  for (const selector of S.PHONE_FIELD_SELECTORS) {
    if (root.matches(selector)) yield { element: root, kind: 'phone' };
    for (const element of root.querySelectorAll(selector)) yield { element, kind: 'phone' };
    yield null;
  }
}

/**
 * The inputs by tag, then the selector on each: the selector list as one query tested all of a
 * big page's elements against both selectors (7-12 ms on the bench's list, one step).
 */
function phoneInputs(root: Element): HTMLInputElement[] {
  const candidates: Iterable<Element> =
    root.localName === 'input' ? [root] : root.getElementsByTagName('input');
  const found: HTMLInputElement[] = [];
  for (const input of candidates)
    if (input.matches(S.PHONE_INPUTS)) found.push(input as HTMLInputElement);
  return found;
}

export const generic: Adapter = {
  id: 'generic',
  name: 'Web page',
  pages: genericPages,
  skip: S.SKIP,
  fields,
  fieldOf(node) {
    const element = closestOf(node, S.PHONE_FIELDS);
    return element ? { element, kind: 'phone' } : undefined;
  },
  phoneInputs,
  phoneLinks: () => [],
  linkValue: () => undefined,
  contactFor(element, memo): ContactHint | undefined {
    const card = element.closest(S.CARD);
    return card ? memoized(memo, card, cardContact) : undefined;
  },
};
