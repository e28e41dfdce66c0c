/**
 * One number, one key. The same customer reaches the log as `84951234567` from a Russian trunk,
 * `+74951234567` from the softphone and `4951234567` from a CRM field; missed calls, callbacks
 * and tasks only meet if all three become the same string. lib/phone does the reading; this
 * file decides what counts as "the same party".
 */
import type { CountryCode } from 'libphonenumber-js/core';
import { normalizeDialInput } from '../phone';

export interface PartyNumber {
  /** E.164, an internal extension, a SIP URI, or the signalled text when it is none of them. */
  number: string;
  ext?: string;
}

/** What PBXes and SIP trunks send when the caller withheld the number. */
const WITHHELD = /^(?:anonymous|unknown|restricted|private|unavailable|withheld)$/i;
const SIP_USER = /^sips?:([^@;]+)@/i;

/**
 * Normalises a number as signalled or typed. An extension given separately wins over one
 * written into the text (`+7 495 123-45-67 доб. 12`).
 */
export function normalizeParty(
  raw: string,
  ext: string | undefined,
  country: CountryCode,
): PartyNumber {
  const text = raw.trim();
  const cleanExt = ext?.replace(/\D/g, '') || undefined;
  if (text === '' || WITHHELD.test(text)) return withExt('anonymous', cleanExt);
  // A PBX feed may name the party by SIP URI; its user part is the number people recognise.
  const user = SIP_USER.exec(text)?.[1];
  const parsed = normalizeDialInput(user ?? text, country);
  if (parsed.ok) return withExt(parsed.target, cleanExt ?? parsed.ext);
  return withExt(user ?? text, cleanExt);
}

function withExt(number: string, ext: string | undefined): PartyNumber {
  return ext ? { number, ext } : { number };
}

/**
 * Whether a call to `b` reaches the party of `a`. The numbers must be equal; the extensions
 * must be too when both are known. A missed call from a company's main line is called back by
 * calling that line, with or without the extension of the person who rang.
 */
export function sameParty(a: PartyNumber, b: PartyNumber): boolean {
  return a.number === b.number && (!a.ext || !b.ext || a.ext === b.ext);
}

/** Whether the party can be called back at all. */
export function isCallable(number: string): boolean {
  return number !== 'anonymous' && number !== '';
}

/** The digits of a number, for "search by number" (`+7 495 123` finds `+74951234567`). */
export function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}
