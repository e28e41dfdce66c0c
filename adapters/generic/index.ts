/**
 * Any other page: numbers in text are found by the finder, `<input type="tel">` fields get a
 * control, tel:/callto:/sip: links are taken over (by the engine, on every page), and standard
 * markup (schema.org, microformats) marks phone fields and contact cards.
 */
import type { ContactHint } from '../../lib/dom/types';
import { absoluteUrl, cleanText, closestOf, inputsMatching, memoized, phoneFields } from '../dom';
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

export const generic: Adapter = {
  id: 'generic',
  name: 'Web page',
  pages: genericPages,
  skip: S.SKIP,
  fields: (root) => phoneFields(root, S.PHONE_FIELD_SELECTORS),
  fieldOf(node) {
    const element = closestOf(node, S.PHONE_FIELDS);
    return element ? { element, kind: 'phone' } : undefined;
  },
  phoneInputs: (root) => inputsMatching(root, S.PHONE_INPUTS),
  phoneLinks: () => [],
  linkValue: () => undefined,
  contactFor(element, memo): ContactHint | undefined {
    const card = element.closest(S.CARD);
    return card ? memoized(memo, card, cardContact) : undefined;
  },
};
