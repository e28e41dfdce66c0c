/**
 * The labelled corpus (`corpus/*.json`) and its scoring, shared by `corpus.test.ts` and
 * `bench/phone-corpus.bench.ts`. Node-only (it reads files); never imported by the extension.
 *
 * A case is a text as it appears on a CRM page, the region the page is read in, optionally the
 * caption an adapter would pass as `label`, and exactly the numbers a person would want linked.
 * A found number counts as correct when its E.164 number, extension and fax flag all match.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { isKnownCountry } from './numbering';
import { findPhoneNumbers, type PhoneMatch } from './find';

const CountrySchema = v.custom<import('libphonenumber-js/core').CountryCode>(
  (value) => typeof value === 'string' && isKnownCountry(value),
  'unknown country code',
);

const ExpectedSchema = v.strictObject({
  number: v.pipe(v.string(), v.regex(/^\+[1-9]\d{6,14}$/, 'number must be E.164')),
  ext: v.optional(v.pipe(v.string(), v.regex(/^\d{1,6}$/))),
  kind: v.optional(v.literal('fax')),
});

const CaseSchema = v.strictObject({
  text: v.string(),
  country: CountrySchema,
  label: v.optional(v.string()),
  expected: v.array(ExpectedSchema),
  /** Why the case is there, when it is a known hard case. */
  note: v.optional(v.string()),
});

const FileSchema = v.strictObject({
  description: v.string(),
  cases: v.array(CaseSchema),
});

export type CorpusCase = v.InferOutput<typeof CaseSchema> & { file: string };
export type ExpectedNumber = v.InferOutput<typeof ExpectedSchema>;

// Built from the module's own path, not with `new URL()`, which happy-dom replaces in tests.
const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'corpus');

/** Reads and validates every corpus file, in file-name order. */
export function loadCorpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const file of readdirSync(CORPUS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const parsed = v.parse(FileSchema, JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')));
    for (const item of parsed.cases) cases.push({ ...item, file });
  }
  return cases;
}

export interface CaseFailure {
  readonly case: CorpusCase;
  /** Found but not expected. */
  readonly extra: string[];
  /** Expected but not found. */
  readonly missing: string[];
}

export interface CorpusScore {
  readonly cases: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
  readonly failures: CaseFailure[];
}

function keyOf(found: Pick<PhoneMatch, 'number' | 'ext' | 'kind'>): string {
  return `${found.number}${found.ext ? ` ext ${found.ext}` : ''}${found.kind ? ' (fax)' : ''}`;
}

/** Runs the finder over every case and counts matches as multisets of numbers. */
export function scoreCorpus(cases: readonly CorpusCase[]): CorpusScore {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  const failures: CaseFailure[] = [];
  for (const item of cases) {
    const options =
      item.label === undefined
        ? { defaultCountry: item.country }
        : { defaultCountry: item.country, label: item.label };
    const found = findPhoneNumbers(item.text, options).map(keyOf);
    const missing: string[] = [];
    const unmatched = [...found];
    for (const expected of item.expected.map(keyOf)) {
      const at = unmatched.indexOf(expected);
      if (at >= 0) {
        unmatched.splice(at, 1);
        truePositives++;
      } else {
        missing.push(expected);
      }
    }
    falsePositives += unmatched.length;
    falseNegatives += missing.length;
    if (unmatched.length > 0 || missing.length > 0) {
      failures.push({ case: item, extra: unmatched, missing });
    }
  }
  const ratio = (part: number, whole: number): number => (whole === 0 ? 1 : part / whole);
  return {
    cases: cases.length,
    truePositives,
    falsePositives,
    falseNegatives,
    precision: ratio(truePositives, truePositives + falsePositives),
    recall: ratio(truePositives, truePositives + falseNegatives),
    failures,
  };
}

/** One line per failed case, for test output and the bench. */
export function describeFailure(failure: CaseFailure): string {
  const { case: item, extra, missing } = failure;
  const parts = [`${item.file} [${item.country}] ${JSON.stringify(item.text)}`];
  if (missing.length > 0) parts.push(`missing ${missing.join(', ')}`);
  if (extra.length > 0) parts.push(`unexpected ${extra.join(', ')}`);
  return parts.join(' — ');
}
