/**
 * What the softphone's dial pad, paste and "call" buttons need: turning what a person typed or
 * pasted into something the PBX can dial, the default region, and the display form of a number.
 */
import type { CountryCode } from 'libphonenumber-js/core';
import { findPhoneNumbers } from './find';
import { isKnownCountry, parseE164, parseTypedNumber } from './numbering';

export type DialInput =
  | {
      ok: true;
      /** E.164 (`+74951234567`), an internal extension (`1001`, `*97`, `#21`) or a SIP URI. */
      target: string;
      /** Digits to send as tones once the call is answered. */
      ext?: string;
    }
  | { ok: false; reason: 'empty' | 'invalid' };

// Pasting from CRMs, spreadsheets and messengers brings invisible characters along: zero-width
// spaces and the bidi marks Windows puts around numbers in right-to-left contexts.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060\uFEFF]/g;
const SIP_URI =
  /^sips?:[^\s@:;]+(?::[^\s@;]*)?@(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:;[^\s;]+)*$/;
const SCHEME = /^(?:tel|callto|sip|sips):(?:\/\/)?/i;
const RFC3966_EXTENSION = /;ext=(\d{1,10})/i;
const LAYOUT = /[\s\-.()]/g;
/**
 * PBX-internal targets: an extension of up to six digits, or a feature code that starts with
 * `*` or `#` (`*97` voicemail, `#21`), kept exactly as typed because the PBX reads the signs.
 */
const INTERNAL = /^(?:[*#][\d*#]{1,15}|\d{1,6}|\d{1,6}[*#][\d*#]{0,15})$/;

/** Normalises dial-pad input or pasted text into a dialable target. */
export function normalizeDialInput(raw: string, defaultCountry: CountryCode): DialInput {
  const text = raw.replace(INVISIBLE, '').trim();
  if (text === '') return { ok: false, reason: 'empty' };

  if (/^sips?:/i.test(text) && text.includes('@')) {
    return SIP_URI.test(text) ? { ok: true, target: text } : { ok: false, reason: 'invalid' };
  }

  const ext = RFC3966_EXTENSION.exec(text)?.[1];
  const value = text.replace(SCHEME, '').replace(/;.*$/, '');
  const compact = value.replace(LAYOUT, '');
  if (INTERNAL.test(compact)) return { ok: true, target: compact };

  const country = isKnownCountry(defaultCountry) ? defaultCountry : undefined;
  if (country) {
    // Pasted text is read like a page, with the words around the number (`Тел.:`, `доб. 12`),
    // but a person pasting it means a phone number, hence the label.
    const first = findPhoneNumbers(value, { defaultCountry: country, label: 'phone' })[0];
    if (first) return withExtension(first.number, first.ext ?? ext);
  }
  // What was typed by hand may be a number the metadata does not know yet; accept it if its
  // length fits the country, since the person asked for exactly this number.
  const typed = parseTypedNumber(value, country);
  if (typed) return withExtension(typed.number, typed.ext ?? ext);
  return { ok: false, reason: 'invalid' };
}

function withExtension(target: string, ext: string | undefined): DialInput {
  return ext === undefined ? { ok: true, target } : { ok: true, target, ext };
}

/** The region a language alone points to; English is spoken in too many to choose one. */
const LANGUAGE_REGIONS: Readonly<Record<string, CountryCode>> = {
  ru: 'RU',
  uk: 'UA',
  be: 'BY',
  kk: 'KZ',
  de: 'DE',
  fr: 'FR',
};

/**
 * Guesses the default region from the browser's preferred languages (`navigator.languages`).
 * A region in the tag wins (`en-GB` → GB, `ru-UA` → UA); otherwise the language decides
 * (`uk` → UA). A bare `en` says nothing, so `['en', 'ru']` gives RU. The fallback is US.
 */
export function guessDefaultCountry(languages: readonly string[]): CountryCode {
  for (const tag of languages) {
    const [language = '', ...subtags] = tag.trim().replace(/_/g, '-').split('-');
    const region = subtags.find((subtag) => /^[A-Za-z]{2}$/.test(subtag))?.toUpperCase();
    if (region && isKnownCountry(region)) return region;
    const byLanguage = LANGUAGE_REGIONS[language.toLowerCase()];
    if (byLanguage) return byLanguage;
  }
  return 'US';
}

/** Formats an E.164 number for people: `+74951234567` → `+7 495 123-45-67`. */
export function formatForDisplay(e164: string): string {
  return parseE164(e164)?.formatInternational() ?? e164;
}
