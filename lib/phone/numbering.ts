/**
 * The one place that asks libphonenumber whether a string of digits is a phone number. The finder
 * and the dial pad both come here, so national-format rules live in one file.
 */
import {
  Metadata,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/core';
import { metadata } from './metadata';
import { ASK_LIBRARY, CompiledPlans } from './plans';

/**
 * Where people write national numbers without the trunk prefix. In Russia and Kazakhstan
 * `(495) 123-45-67` and `9161234567` are as common as `8 (495) 123-45-67`; in the North American
 * plan the leading `1` is optional. Everywhere else with a trunk prefix (`0` in UA, DE, GB, FR;
 * `8` or `0` in BY) a national number is always written with it, and digits without it are
 * something else: libphonenumber would happily read the German tax number `21/815/08150` as
 * +49 2181 508150, and a date `23.11.2026 09` as a Michigan number.
 */
const TRUNK_PREFIX_OPTIONAL = new Set<CountryCode>(['RU', 'KZ']);

interface NationalRules {
  /** Digits a national number must start with; empty when the trunk prefix is optional. */
  readonly prefixes: readonly string[];
  /** The calling code when it is long enough to be recognised without a `+` (`380…`, `375…`). */
  readonly bareCallingCode: string | undefined;
}

const rulesCache = new Map<CountryCode, NationalRules>();

function nationalRules(country: CountryCode): NationalRules {
  const cached = rulesCache.get(country);
  if (cached) return cached;
  const meta = new Metadata(metadata);
  meta.selectNumberingPlan(country);
  // `nationalPrefix()` exists on the numbering plan at run time but is missing from the
  // library's type declarations (1.13), hence the narrow structural view.
  const plan = meta.numberingPlan as unknown as {
    nationalPrefix(): string | undefined;
    callingCode(): string;
  };
  const callingCode = plan.callingCode();
  const trunk = plan.nationalPrefix();
  let prefixes: string[] = [];
  if (trunk && !TRUNK_PREFIX_OPTIONAL.has(country) && callingCode !== '1') {
    // Belarus dials `8 029 …` today but `029 …` and `8 029` both appear in CRMs.
    prefixes = country === 'BY' ? ['8', '0'] : [trunk];
  }
  const rules: NationalRules = {
    prefixes,
    // Two-digit codes (`49`, `33`, `44`) collide with ordinary digits; three-digit ones do not.
    bareCallingCode: callingCode.length >= 3 ? callingCode : undefined,
  };
  rulesCache.set(country, rules);
  return rules;
}

/** Whether the country is one libphonenumber knows; unknown ones are treated as "no default". */
export function isKnownCountry(country: string): country is CountryCode {
  // Asked once per text the finder reads: the library's check builds a Metadata object each time.
  let known = knownCountries.get(country);
  if (known === undefined) {
    known = isSupportedCountry(country as CountryCode, metadata);
    knownCountries.set(country, known);
  }
  return known;
}

const knownCountries = new Map<string, boolean>();

/** libphonenumber's answers for plain digits, on compiled numbering plans (see plans.ts). */
const plans = new CompiledPlans(metadata);

/** The valid number (E.164) libphonenumber reads in `input` (digits, or `+` and digits). */
function validE164(input: string, country: CountryCode | undefined): string | undefined {
  const fast = plans.valid(input, country);
  if (fast !== ASK_LIBRARY) return fast;
  const parsed = country
    ? parsePhoneNumberFromString(input, country, metadata)
    : parsePhoneNumberFromString(input, metadata);
  return parsed?.isValid() ? parsed.number : undefined;
}

/**
 * Parses digits written in national form (or with an international access code such as `00` or
 * `8 10`) for the given country and returns the valid number (E.164), if any.
 */
export function parseNationalDigits(digits: string, country: CountryCode): string | undefined {
  const rules = nationalRules(country);
  let input = digits;
  if (rules.prefixes.length > 0 && !rules.prefixes.some((prefix) => digits.startsWith(prefix))) {
    if (rules.bareCallingCode && digits.startsWith(rules.bareCallingCode)) {
      // `380671234567`: Ukrainian CRMs store numbers as digits with the country code.
    } else if (country === 'UA' && digits.length === 11 && digits.startsWith('80')) {
      // `8 (044) 123-45-67`: the Soviet-era long-distance `8` is still printed in Ukraine.
      input = digits.slice(1);
    } else {
      return undefined;
    }
  }
  return validE164(input, country);
}

/** Parses the digits that followed a `+`; the valid number (E.164), if any. */
export function parseInternationalDigits(
  digits: string,
  country: CountryCode | undefined,
): string | undefined {
  const parsed = validE164(`+${digits}`, undefined);
  if (parsed) return parsed;
  // `+8 916 123-45-67` is a common slip in Russia, Kazakhstan and Belarus: the trunk prefix with
  // a plus in front of it. No calling code starts with 8 followed by a ten-digit number.
  if (country && digits.length === 11 && digits.startsWith('8') && isTrunkEightCountry(country)) {
    return parseNationalDigits(digits, country);
  }
  return undefined;
}

function isTrunkEightCountry(country: CountryCode): boolean {
  return country === 'RU' || country === 'KZ' || country === 'BY';
}

/**
 * Whether the written digits of a national-form number include more than the national number:
 * the country code (`79031234567`, `380671234567`) or a trunk prefix that people may leave out
 * (`89031234567` in Russia, `1…` in North America). A mandatory trunk prefix (`0` in Ukraine)
 * is always there and says nothing.
 */
export function isWrittenInFull(digits: string, e164: string): boolean {
  const parsed = parseE164(e164);
  if (!parsed) return false;
  const extra = digits.length - parsed.nationalNumber.length;
  const trunkOptional = parsed.countryCallingCode === '7' || parsed.countryCallingCode === '1';
  return extra >= 2 || (extra === 1 && trunkOptional);
}

/** Parses an E.164 string (as produced by this module); undefined when it is not one. */
export function parseE164(e164: string): PhoneNumber | undefined {
  return parsePhoneNumberFromString(e164, metadata);
}

/**
 * Parses a number typed by a person on the dial pad: unlike text on a page, what they typed is
 * meant to be a number, so a number that is merely possible (a new range the metadata does not
 * know yet) is accepted too.
 */
export function parseTypedNumber(
  text: string,
  country: CountryCode | undefined,
): PhoneNumber | undefined {
  const parsed = country
    ? parsePhoneNumberFromString(text, country, metadata)
    : parsePhoneNumberFromString(text, metadata);
  return parsed?.isPossible() ? parsed : undefined;
}
