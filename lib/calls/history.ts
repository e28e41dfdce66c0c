/**
 * Reading the log: the popup's history (tabs, search, one number's calls), the statistics page,
 * and retention. Every list walks an index newest first and stops at the page size, so the
 * popup reads ~50 records whether the log holds a hundred calls or ten thousand.
 */
import type { CountryCode } from 'libphonenumber-js/core';
import type { CallsDb } from './db';
import { isMissedResult } from './derive';
import { digitsOf, normalizeParty } from './numbers';
import type { CallRecord } from './types';

export type HistoryFilter = 'all' | 'missed' | 'incoming' | 'outgoing';

export interface CallQuery {
  filter?: HistoryFilter;
  /** Digits of a number (any format) or part of a name. */
  search?: string;
  /** One number's history: E.164 or an extension, as stored. */
  number?: string;
  /** Default 50. */
  limit?: number;
  /** Only calls that started before this (epoch ms): the `next` of the previous page. */
  before?: number;
}

export interface CallPage {
  calls: CallRecord[];
  /** Pass as `before` to get the next page; absent when this page reached the end. */
  next?: number;
}

export async function listCalls(
  db: CallsDb,
  query: CallQuery = {},
  defaultCountry: CountryCode = 'US',
): Promise<CallPage> {
  const filter = query.filter ?? 'all';
  const limit = Math.max(1, query.limit ?? 50);
  const matches = searchPredicate(query.search, defaultCountry);
  const accept = (call: CallRecord) =>
    !call.provisional && passesFilter(call, filter) && matches(call);
  const tx = db.transaction('calls');
  const page = query.number
    ? newestFirst(
        tx.store.index('number_startedAt'),
        (t) => [query.number!, t],
        query.before,
        accept,
        limit,
      )
    : filter === 'missed'
      ? newestFirst(tx.store.index('missed_startedAt'), (t) => [1, t], query.before, accept, limit)
      : filter === 'incoming' || filter === 'outgoing'
        ? newestFirst(
            tx.store.index('direction_startedAt'),
            (t) => [filter, t],
            query.before,
            accept,
            limit,
          )
        : newestFirst(tx.store.index('startedAt'), (t) => t, query.before, accept, limit);
  return page;
}

/** The part of an index over `startedAt` (alone, or after a fixed first component) we read. */
interface TimeIndex {
  openCursor(
    range: IDBKeyRange,
    direction?: IDBCursorDirection,
  ): Promise<{ value: CallRecord } | null>;
  getAll(range: IDBKeyRange): Promise<CallRecord[]>;
}

const DAY = 86_400_000;

/**
 * Reads calls newest first in time windows (a day, then two, four, …) with one `getAll` per
 * window, rather than a cursor step per call: a cursor pays an event-loop round trip for every
 * record, which a search that matches one call in a thousand would pay a thousand times. The
 * window doubles until the page is full, so a busy log needs one or two reads per page and a
 * rare match over half a year about eight. A page ends on a millisecond boundary, so `next`
 * as the following page's `before` never skips a call.
 */
async function newestFirst(
  index: TimeIndex,
  key: (t: number) => IDBValidKey,
  before: number | undefined,
  accept: (call: CallRecord) => boolean,
  limit: number,
): Promise<CallPage> {
  const all = IDBKeyRange.bound(key(-Infinity), key(before ?? Infinity), false, true);
  const [newest, oldest] = await Promise.all([
    index.openCursor(all, 'prev'),
    index.openCursor(all, 'next'),
  ]);
  if (!newest || !oldest) return { calls: [] };
  const floor = oldest.value.startedAt;
  const found: CallRecord[] = [];
  let hi = newest.value.startedAt + 1;
  let span = DAY;
  while (hi > floor) {
    const lo = Math.max(floor, hi - span);
    const batch = await index.getAll(IDBKeyRange.bound(key(lo), key(hi), false, true));
    for (let i = batch.length - 1; i >= 0; i--) if (accept(batch[i]!)) found.push(batch[i]!);
    hi = lo;
    span *= 2;
    if (found.length >= limit) break;
  }
  let end = Math.min(limit, found.length);
  const last = found[end - 1];
  if (!last) return { calls: [] };
  while (end < found.length && found[end]!.startedAt === last.startedAt) end++;
  const more = end < found.length || hi > floor;
  return more
    ? { calls: found.slice(0, end), next: last.startedAt }
    : { calls: found.slice(0, end) };
}

function passesFilter(call: CallRecord, filter: HistoryFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'missed':
      return call.missed === 1;
    default:
      return call.direction === filter;
  }
}

/**
 * "Search by number or name". Digits match anywhere in the number, also when typed in another
 * format than the one stored: `8 495 123` finds +7 495 123…, as does a complete `84951234567`.
 */
export function searchPredicate(
  search: string | undefined,
  defaultCountry: CountryCode,
): (call: CallRecord) => boolean {
  const text = search?.trim().toLowerCase() ?? '';
  if (!text) return () => true;
  const digits = digitsOf(text);
  const numberForms = new Set<string>();
  if (digits.length >= 2) {
    numberForms.add(digits);
    // Without the trunk prefix people type by habit (8 in Russia, 0 in Ukraine and Europe).
    if (/^[08]\d{2,}/.test(digits)) numberForms.add(digits.slice(1));
    const full = normalizeParty(text, undefined, defaultCountry).number;
    if (full.startsWith('+')) numberForms.add(digitsOf(full));
  }
  return (call) => {
    const callDigits = digitsOf(call.number);
    for (const form of numberForms) if (callDigits.includes(form)) return true;
    if (call.contactName?.toLowerCase().includes(text)) return true;
    if (call.remoteName?.toLowerCase().includes(text)) return true;
    return call.number.toLowerCase().includes(text);
  };
}

export interface HourCell {
  answered: number;
  missed: number;
}

export interface CallStats {
  since: number;
  until: number;
  total: number;
  incoming: number;
  outgoing: number;
  /** Incoming calls somebody answered (here or elsewhere). */
  answered: number;
  /** Incoming calls nobody answered. */
  missed: number;
  /** Of the missed ones, callers who gave up within seconds. */
  short: number;
  /** Missed calls that were called back. */
  calledBack: number;
  /** Incoming calls by local weekday (0 = Sunday, as Date#getDay) and hour. */
  byWeekdayHour: HourCell[][];
  byWeekday: HourCell[];
  byHour: HourCell[];
}

/**
 * Statistics for staffing: when customers call and how many get an answer. Only incoming calls
 * go into the grid; local time, because a team plans its shifts in it.
 */
export async function callStats(
  db: CallsDb,
  range: { since: number; until?: number },
): Promise<CallStats> {
  const until = Number.isFinite(range.until) ? range.until! : Date.now();
  const cell = (): HourCell => ({ answered: 0, missed: 0 });
  const stats: CallStats = {
    since: range.since,
    until,
    total: 0,
    incoming: 0,
    outgoing: 0,
    answered: 0,
    missed: 0,
    short: 0,
    calledBack: 0,
    byWeekdayHour: Array.from({ length: 7 }, () => Array.from({ length: 24 }, cell)),
    byWeekday: Array.from({ length: 7 }, cell),
    byHour: Array.from({ length: 24 }, cell),
  };
  const index = db.transaction('calls').store.index('startedAt');
  const first = await index.openCursor(IDBKeyRange.bound(range.since, until, false, true));
  if (!first) return stats;
  // A month per read: one getAll instead of a cursor step per call, without holding half a
  // year of records in memory at once.
  for (let from = first.value.startedAt; from < until; from += 30 * DAY) {
    const to = Math.min(until, from + 30 * DAY);
    for (const call of await index.getAll(IDBKeyRange.bound(from, to, false, true)))
      count(stats, call);
  }
  return stats;
}

function count(stats: CallStats, call: CallRecord): void {
  if (call.provisional || call.result === undefined) return;
  stats.total++;
  if (call.direction === 'outgoing') {
    stats.outgoing++;
    return;
  }
  stats.incoming++;
  const missed = isMissedResult(call.result);
  const key = missed ? 'missed' : 'answered';
  stats[key]++;
  if (call.short) stats.short++;
  if (missed && call.calledBackAt !== undefined) stats.calledBack++;
  const at = new Date(call.startedAt);
  const day = at.getDay();
  const hour = at.getHours();
  stats.byWeekdayHour[day]![hour]![key]++;
  stats.byWeekday[day]![key]++;
  stats.byHour[hour]![key]++;
}

/** Deletes calls older than the retention period, and tasks done before it. */
export async function prune(
  db: CallsDb,
  options: { olderThanDays: number; now?: number },
): Promise<{ calls: number; tasks: number }> {
  const cutoff = (options.now ?? Date.now()) - options.olderThanDays * 86_400_000;
  const tx = db.transaction(['calls', 'tasks'], 'readwrite');
  let calls = 0;
  let tasks = 0;
  const byStart = tx.objectStore('calls').index('startedAt');
  for (
    let cursor = await byStart.openCursor(IDBKeyRange.upperBound(cutoff, true));
    cursor;
    cursor = await cursor.continue()
  ) {
    await cursor.delete();
    calls++;
  }
  const byDue = tx.objectStore('tasks').index('status_dueAt');
  for (
    let cursor = await byDue.openCursor(IDBKeyRange.bound(['done', -Infinity], ['done', cutoff]));
    cursor;
    cursor = await cursor.continue()
  ) {
    await cursor.delete();
    tasks++;
  }
  await tx.done;
  return { calls, tasks };
}
