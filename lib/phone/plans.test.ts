import examples from 'libphonenumber-js/examples.mobile.json';
import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/core';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { metadata } from './metadata';
import { ASK_LIBRARY, CompiledPlans } from './plans';

/** What libphonenumber itself says: the valid number the input makes, if any. */
function library(input: string, country: CountryCode | undefined): string | undefined {
  const parsed = country
    ? parsePhoneNumberFromString(input, country, metadata)
    : parsePhoneNumberFromString(input, metadata);
  return parsed?.isValid() ? parsed.number : undefined;
}

const countries = getCountries(metadata);
const plans = new CompiledPlans(metadata);
const mobileExamples = examples as Partial<Record<CountryCode, string>>;

/**
 * Inputs that reach every branch of parse(): real numbers (the country's example mobile number
 * with its last digits changed), written with the trunk prefix, the calling code without `+`,
 * an international access code, or `+`; and random digits of every length the finder sends.
 */
function casesFor(country: CountryCode, next: () => number): string[] {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
  const code = getCountryCallingCode(country, metadata);
  const example = mobileExamples[country] ?? digits(9);
  const cases: string[] = [];
  for (let i = 0; i < 24; i++) {
    const changed = Math.floor(next() * Math.min(5, example.length));
    const national = example.slice(0, example.length - changed) + digits(changed);
    for (const prefix of ['', '0', '8', '1', code, `00${code}`, `810${code}`, `011${code}`, '80'])
      cases.push(prefix + national);
    cases.push(national.slice(1), national + digits(1));
  }
  for (let length = 7; length <= 18; length++)
    for (let i = 0; i < 6; i++) cases.push(digits(length));
  return cases;
}

describe('compiled numbering plans', () => {
  it('give libphonenumber’s answer for digits in every country of the metadata', () => {
    const next = mulberry32(11);
    let compared = 0;
    let valid = 0;
    const differences: string[] = [];
    for (const country of countries) {
      for (const input of casesFor(country, next)) {
        for (const [text, defaultCountry] of [
          [input, country],
          [`+${input}`, country],
          [`+${input}`, undefined],
        ] as const) {
          const ours = plans.valid(text, defaultCountry);
          if (ours === ASK_LIBRARY) continue;
          const theirs = library(text, defaultCountry);
          compared++;
          if (theirs) valid++;
          if (ours !== theirs)
            differences.push(`${defaultCountry ?? '-'} ${text}: ${ours} vs ${theirs}`);
        }
      }
    }
    expect(differences.slice(0, 20)).toEqual([]);
    // Enough of both answers to mean something (counted: 244,230 compared, 48,726 valid).
    expect(compared).toBeGreaterThan(200_000);
    expect(valid).toBeGreaterThan(40_000);
  });

  it('leave non-geographic calling codes and anything but digits to libphonenumber', () => {
    expect(plans.valid('+80012345678')).toBe(ASK_LIBRARY);
    expect(plans.valid('8 (495) 123-45-67', 'RU')).toBe(ASK_LIBRARY);
    expect(plans.valid('')).toBe(ASK_LIBRARY);
  });

  it('read the national formats the finder relies on', () => {
    expect(plans.valid('84951234567', 'RU')).toBe('+74951234567');
    expect(plans.valid('79161234567', 'RU')).toBe('+79161234567');
    expect(plans.valid('+77172123456', 'RU')).toBe('+77172123456');
    expect(plans.valid('0441234567', 'UA')).toBe('+380441234567');
    expect(plans.valid('8107 4951234567', 'RU')).toBe(ASK_LIBRARY);
    expect(plans.valid('81074951234567', 'RU')).toBe('+74951234567');
    expect(plans.valid('7707083893', 'RU')).toBeUndefined();
  });
});
