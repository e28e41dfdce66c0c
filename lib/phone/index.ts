/**
 * lib/phone: finding phone numbers in CRM text and normalising numbers to dial.
 * Adapters use findPhoneNumbers / findPhoneNumbersInTextRuns; the softphone uses dial.ts.
 * See README.md in this folder for the design and the corpus that measures it.
 */
export type { CountryCode } from 'libphonenumber-js/core';
export { findPhoneNumbers, mayContainPhoneNumber, type FindOptions, type PhoneMatch } from './find';
export { findPhoneNumbersInTextRuns, type PhoneMatchInRuns, type RunPosition } from './runs';
export { formatForDisplay, guessDefaultCountry, normalizeDialInput, type DialInput } from './dial';
