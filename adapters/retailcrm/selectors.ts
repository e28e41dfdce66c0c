/**
 * retailCRM selectors. NOTE: no real retailCRM page was available when these were written; they
 * follow the hand-made fixtures (fixtures/README.md), which model retailCRM's public UI: Symfony
 * form names (`intaro_crmbundle_ordertype[phone]`), list tables, the customer card and the call
 * log. Check them against a real account before relying on them, and replace the fixtures with
 * captures when one is available.
 */

/** Order page, customer card (edit mode): phone inputs of the order or customer form. */
export const PHONE_INPUTS = [
  'input[type="tel"]',
  'input[name$="[phone]"]',
  'input[name$="[additionalPhone]"]',
  'input[name*="[phones]"][name$="[number]"]',
]
  // The lists' filter panels have phone inputs too: they hold search text, not numbers.
  .map((input) => `form:not(.filter-form) ${input}`)
  .join(', ');

/**
 * Read-only phone values: list cells (`td[data-field="phone"]`, the customers list's
 * `td[data-field="phones"]`), the call log's number column, the customer card's phone list,
 * the corporate card's company phone and contact persons.
 */
export const PHONE_FIELD_SELECTORS = [
  '[data-field="phone"]',
  '[data-field="phones"]',
  '.customer-phone__number',
];
export const PHONE_FIELDS = PHONE_FIELD_SELECTORS.join(', ');

/**
 * Never scanned: the filter panel, and cells whose digits are never phones (order numbers,
 * sums, dates, durations, article codes, tracking numbers).
 */
export const SKIP = [
  '.filter-form',
  '[data-field="number"]',
  '[data-field="totalSumm"]',
  '[data-field="createdAt"]',
  '[data-field="date"]',
  '[data-field="duration"]',
  '.product-article',
  '.delivery-track',
].join(', ');

/** A form field's caption: `<div class="field"><label>ИНН</label><div>…</div></div>`. */
export const FIELD = '.field';
export const FIELD_LABEL = ':scope > label';

/** A row of the orders, customers or calls list, and the customer link in it. */
export const LIST_ROW = 'tr.list-row';
export const CUSTOMER_LINK = 'a[href*="/customers/"], a[href*="/customers-corporate/"]';

/** Corporate card: a contact person and their name link. */
export const CONTACT_PERSON = '.contact-person';
export const CONTACT_PERSON_NAME = '.contact-person__name a';

/** Order page: the order's customer. */
export const ORDER_CUSTOMER = '.order-customer__name a';

/** Customer card (individual or corporate): the name in the page title. */
export const CUSTOMER_NAME = '.customer-name';

/** Where the page names the record's country: the delivery address, or the customer card. */
export const COUNTRY_SELECT = 'select[name$="[countryIso]"]';
export const COUNTRY_DATA = '[data-country-iso]';
