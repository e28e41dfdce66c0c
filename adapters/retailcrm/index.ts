/**
 * retailCRM: orders, customers (individual and corporate), the lists of both, and the call log
 * with comments. Phone inputs of the order and customer forms get a control beside them; list
 * cells and card values are read as phone fields; comments and history by the number finder.
 * The region numbers are read in comes from the page where it shows one (the delivery
 * country of an order, the customer's country): a Ukrainian order's `044 123 45 67` is then a
 * Kyiv number even for a team whose default country is Russia.
 */
import type { CountryCode } from '../../lib/phone';
import type { ContactHint } from '../../lib/dom/types';
import { absoluteUrl, cleanText, closestOf, inputsMatching, memoized, phoneFields } from '../dom';
import type { Adapter } from '../types';
import { retailcrmPages } from './pages';
import * as S from './selectors';

function link(doc: Document, anchor: Element | null | undefined): ContactHint | undefined {
  if (!anchor) return undefined;
  const hint: ContactHint = {};
  const name = cleanText(anchor.textContent);
  const recordUrl = absoluteUrl(doc, anchor.getAttribute('href'));
  if (name) hint.name = name;
  if (recordUrl) hint.recordUrl = recordUrl;
  return hint;
}

function contactFor(
  element: Element,
  memo?: Map<Element, ContactHint | undefined>,
): ContactHint | undefined {
  const doc = element.ownerDocument;
  const person = element.closest(S.CONTACT_PERSON);
  if (person)
    return memoized(memo, person, () => link(doc, person.querySelector(S.CONTACT_PERSON_NAME)));
  const row = element.closest(S.LIST_ROW);
  if (row) return memoized(memo, row, () => link(doc, row.querySelector(S.CUSTOMER_LINK)));
  return memoized(memo, doc.documentElement, () => pageContact(doc));
}

/** The customer an order or customer page is about. */
function pageContact(doc: Document): ContactHint | undefined {
  const orderCustomer = doc.querySelector(S.ORDER_CUSTOMER);
  if (orderCustomer) return link(doc, orderCustomer);
  const name = cleanText(doc.querySelector(S.CUSTOMER_NAME)?.textContent);
  if (!name) return undefined;
  const url = new URL(doc.URL);
  const hint: ContactHint = { name };
  if (/^\/customers(?:-corporate)?\/\d+/.test(url.pathname))
    hint.recordUrl = `${url.origin}${url.pathname}`;
  return hint;
}

function region(doc: Document): CountryCode | undefined {
  const select = doc.querySelector<HTMLSelectElement>(S.COUNTRY_SELECT);
  const code = (
    select?.value ||
    doc.querySelector(S.COUNTRY_DATA)?.getAttribute('data-country-iso') ||
    ''
  ).toUpperCase();
  return /^[A-Z]{2}$/.test(code) ? (code as CountryCode) : undefined;
}

export const retailcrm: Adapter = {
  id: 'retailcrm',
  name: 'retailCRM',
  pages: retailcrmPages,
  skip: S.SKIP,
  fields: (root) => phoneFields(root, S.PHONE_FIELD_SELECTORS),
  fieldOf(node) {
    const element = closestOf(node, S.PHONE_FIELDS);
    return element ? { element, kind: 'phone' } : undefined;
  },
  phoneInputs: (root) => inputsMatching(root, S.PHONE_INPUTS),
  phoneLinks: () => [],
  linkValue: () => undefined,
  labelFor(parent) {
    const label = parent.closest(S.FIELD)?.querySelector(S.FIELD_LABEL);
    return label ? cleanText(label.textContent) || undefined : undefined;
  },
  contactFor,
  region,
  searchUrl: (doc) =>
    absoluteUrl(doc, '/customers/?filter%5Bphone%5D=%7Bdigits%7D')?.replace(
      '%7Bdigits%7D',
      '{digits}',
    ),
};
