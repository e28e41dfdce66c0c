/**
 * Selectors for any web page (the fallback adapter). Only markup that says "this is a phone"
 * in a standard way is used; everything else is left to the number finder.
 */

/** `<input type="tel">` and inputs the page marks for phone autofill. */
export const PHONE_INPUTS = 'input[type="tel"], input[autocomplete~="tel"]';

/** schema.org (`itemprop="telephone"`) and microformats (`.h-card .p-tel`, `.vcard .tel`). */
export const PHONE_FIELD_SELECTORS = ['[itemprop="telephone"]', '.h-card .p-tel', '.vcard .tel'];
export const PHONE_FIELDS = PHONE_FIELD_SELECTORS.join(', ');

/** A person's card in microformats, and its name and URL. */
export const CARD = '.h-card, .vcard';
export const CARD_NAME = '.p-name, .fn';
export const CARD_URL = 'a.u-url, a.url';

/** Never scanned: hidden regions and code samples (digits in code are not phone numbers). */
export const SKIP = '[hidden], pre, code, kbd, samp';
