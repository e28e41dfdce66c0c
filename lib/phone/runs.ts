/**
 * Finding numbers across adjacent text nodes. CRMs split a number over inline elements
 * (`<span>+7 (495)</span><span> 123-45-67</span>`, or a highlighted search hit in the middle),
 * so an adapter collects the texts of one inline run and asks here. This stays pure: offsets are
 * given per run, and the adapter turns them into DOM ranges itself.
 */
import { findPhoneNumbers, mayContainPhoneNumber, type FindOptions, type PhoneMatch } from './find';

/** A position inside one of the runs: `offset` counts UTF-16 units from the start of `run`. */
export interface RunPosition {
  run: number;
  offset: number;
}

/** A phone number found across runs; `end` is exclusive, like Range.setEnd. */
export interface PhoneMatchInRuns extends Omit<PhoneMatch, 'start' | 'end'> {
  start: RunPosition;
  end: RunPosition;
}

/**
 * Finds phone numbers in the concatenation of `runs`, as the user reads them. A start lands in
 * the run that holds the number's first character; an end lands in the run that holds its last
 * character (so it never points at the start of the next run, which would make a range that
 * covers an element the number does not reach).
 */
export function findPhoneNumbersInTextRuns(
  runs: readonly string[],
  options: FindOptions,
): PhoneMatchInRuns[] {
  const text = runs.length === 1 ? (runs[0] ?? '') : runs.join('');
  if (!mayContainPhoneNumber(text)) return [];
  const matches = findPhoneNumbers(text, options);
  if (matches.length === 0) return [];
  // Built field by field: object rest and spread cost more than the rest of this function, and
  // it runs for every number on the page.
  const found: PhoneMatchInRuns[] = [];
  if (runs.length === 1) {
    for (const match of matches)
      found.push(inRuns(match, { run: 0, offset: match.start }, { run: 0, offset: match.end }));
    return found;
  }
  const runStarts: number[] = [];
  let offset = 0;
  for (const run of runs) {
    runStarts.push(offset);
    offset += run.length;
  }
  for (const match of matches)
    found.push(
      inRuns(
        match,
        positionOf(runs, runStarts, match.start, false),
        positionOf(runs, runStarts, match.end, true),
      ),
    );
  return found;
}

function inRuns(match: PhoneMatch, start: RunPosition, end: RunPosition): PhoneMatchInRuns {
  const found: PhoneMatchInRuns = { start, end, number: match.number };
  if (match.ext !== undefined) found.ext = match.ext;
  if (match.kind !== undefined) found.kind = match.kind;
  return found;
}

function positionOf(
  runs: readonly string[],
  runStarts: readonly number[],
  at: number,
  isEnd: boolean,
): RunPosition {
  for (let run = 0; run < runs.length; run++) {
    const from = runStarts[run] ?? 0;
    const to = from + (runs[run]?.length ?? 0);
    if (isEnd ? at > from && at <= to : at >= from && at < to) return { run, offset: at - from };
  }
  // Not reached for offsets produced by findPhoneNumbers, which lie inside the joined text.
  const last = runs.length - 1;
  return { run: last, offset: runs[last]?.length ?? 0 };
}
