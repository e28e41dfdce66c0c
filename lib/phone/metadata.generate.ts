/**
 * Builds `metadata.callbridge.json`, the phone-numbering metadata the number finder ships with.
 *
 * Run after every upgrade of libphonenumber-js: `npx tsx lib/phone/metadata.generate.ts`.
 * `metadata.test.ts` fails until the committed file matches the installed library again, so an
 * upgrade cannot silently leave us validating against last year's numbering plans.
 *
 * Why a hybrid, measured with esbuild (minified bundle of `parsePhoneNumber` + `isValid` +
 * `formatInternational` from libphonenumber-js 1.13.16):
 *
 *   metadata 'min' everywhere      119,359 bytes  (validates only length and a coarse pattern)
 *   metadata 'max' everywhere      192,700 bytes  (validates each number type exactly)
 *   hybrid, this file              124,049 bytes  ('max' for our markets, 'min' for the rest)
 *
 * 'min' says any ten digits starting with 3, 4, 8 or 9 are a Russian number, so ИНН, passport
 * and order numbers "validate"; 'max' knows which area codes and mobile ranges exist, which is
 * most of the precision of the finder on Russian and Ukrainian pages. Numbers of other countries
 * only reach the parser in their international `+…` form, which is strong evidence on its own, so
 * 'min' is good enough for them and saves 69 kB in every content script.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CountryCode, MetadataJson } from 'libphonenumber-js/core';

/**
 * The markets the product is sold in (PRODUCT.md) plus the countries whose national formats the
 * finder reads. KZ shares +7 with RU and CA shares +1 with US, so they must be as exact as their
 * neighbours or the parser would pick the wrong country for a shared calling code.
 */
export const EXACT_VALIDATION_COUNTRIES: readonly CountryCode[] = [
  'RU',
  'KZ',
  'BY',
  'UA',
  'US',
  'CA',
  'GB',
  'DE',
  'FR',
];

/** Takes the exact ('max') numbering plans of our markets and the reduced ('min') ones of the rest. */
export function buildCallbridgeMetadata(max: MetadataJson, min: MetadataJson): MetadataJson {
  if (max.version !== min.version) {
    throw new Error(`metadata versions differ: max ${max.version}, min ${min.version}`);
  }
  const countries: MetadataJson['countries'] = {};
  for (const country of Object.keys(min.countries) as CountryCode[]) {
    const source = EXACT_VALIDATION_COUNTRIES.includes(country) ? max : min;
    countries[country] = source.countries[country];
  }
  return {
    version: min.version,
    country_calling_codes: min.country_calling_codes,
    countries,
    nonGeographic: min.nonGeographic,
  };
}

function main(): void {
  const require = createRequire(import.meta.url);
  const max = require('libphonenumber-js/metadata.max.json') as MetadataJson;
  const min = require('libphonenumber-js/metadata.min.json') as MetadataJson;
  const target = fileURLToPath(new URL('./metadata.callbridge.json', import.meta.url));
  writeFileSync(target, `${JSON.stringify(buildCallbridgeMetadata(max, min))}\n`);
  console.log(`wrote ${target}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
