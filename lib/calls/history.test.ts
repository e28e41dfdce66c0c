import { describe, expect, it } from 'vitest';
import type { CallsDb } from './db';
import { callStats, listCalls, prune } from './history';
import { callAnswered, callDetails, callEnded, callStarted } from './records';
import { seedCalls } from './seed';
import { completeTask, createCallback, getTask } from './tasks';
import { MIN, MONDAY_9AM as T, RU, freshDb } from './testing';

const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

async function add(
  db: CallsDb,
  id: string,
  direction: 'incoming' | 'outgoing',
  number: string,
  at: number,
  answered: boolean,
) {
  await callStarted(db, { id, direction, number, startedAt: at, source: 'softphone' }, RU);
  if (answered) await callAnswered(db, id, { at: at + 5_000, by: 'me' }, RU);
  await callEnded(db, id, { at: at + 65_000, reason: answered ? 'hangup' : 'canceled' }, RU);
}

async function sample(): Promise<CallsDb> {
  const db = await freshDb();
  await add(db, 'in-ans', 'incoming', '+74951234567', T, true);
  await add(db, 'in-miss', 'incoming', '+74951234567', T + HOUR, false);
  await add(db, 'out', 'outgoing', '+380441234567', T + 2 * HOUR, true);
  await add(db, 'in-other', 'incoming', '+14155552671', T + 3 * HOUR, false);
  await callDetails(db, 'out', { contactName: 'Олена Коваленко' }, RU);
  await callDetails(db, 'in-other', { contactName: 'Acme Corp' }, RU);
  return db;
}

const ids = (page: { calls: { id: string }[] }) => page.calls.map((c) => c.id);

describe('listCalls', () => {
  it('filters all / missed / incoming / outgoing, newest first', async () => {
    const db = await sample();
    expect(ids(await listCalls(db))).toEqual(['in-other', 'out', 'in-miss', 'in-ans']);
    expect(ids(await listCalls(db, { filter: 'missed' }))).toEqual(['in-other', 'in-miss']);
    expect(ids(await listCalls(db, { filter: 'incoming' }))).toEqual([
      'in-other',
      'in-miss',
      'in-ans',
    ]);
    expect(ids(await listCalls(db, { filter: 'outgoing' }))).toEqual(['out']);
  });

  it('searches by digits in any format and by part of a name', async () => {
    const db = await sample();
    expect(ids(await listCalls(db, { search: '495 123' }, 'RU'))).toEqual(['in-miss', 'in-ans']);
    expect(ids(await listCalls(db, { search: '8 (495) 123-45-67' }, 'RU'))).toEqual([
      'in-miss',
      'in-ans',
    ]);
    expect(ids(await listCalls(db, { search: '8495123' }, 'RU'))).toEqual(['in-miss', 'in-ans']);
    expect(ids(await listCalls(db, { search: '044 123' }, 'UA'))).toEqual(['out']);
    expect(ids(await listCalls(db, { search: 'коваленко' }))).toEqual(['out']);
    expect(ids(await listCalls(db, { search: 'acme', filter: 'missed' }))).toEqual(['in-other']);
    expect(ids(await listCalls(db, { search: 'nobody' }))).toEqual([]);
  });

  it("lists one number's history", async () => {
    const db = await sample();
    expect(ids(await listCalls(db, { number: '+74951234567' }))).toEqual(['in-miss', 'in-ans']);
    expect(ids(await listCalls(db, { number: '+74951234567', filter: 'missed' }))).toEqual([
      'in-miss',
    ]);
  });

  it('pages through calls without losing any that started in the same millisecond', async () => {
    const db = await freshDb();
    for (let i = 0; i < 7; i++) {
      // Pairs of calls share a start time.
      await add(db, `c${i}`, 'incoming', '+74951234567', T + Math.floor(i / 2) * MIN, true);
    }
    const seen: string[] = [];
    let before: number | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await listCalls(db, { limit: 3, ...(before ? { before } : {}) });
      seen.push(...ids(result));
      if (result.next === undefined) break;
      before = result.next;
    }
    expect(seen.sort()).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
  });

  it('reads only a page of a large log', async () => {
    const db = await freshDb();
    await seedCalls(1_000, { db, now: T, seed: 7 });
    const first = await listCalls(db, { limit: 50 });
    expect(first.calls).toHaveLength(50);
    expect(first.next).toBe(first.calls[49]!.startedAt);
    const starts = first.calls.map((c) => c.startedAt);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    const missed = await listCalls(db, { filter: 'missed', limit: 1_000 });
    expect(missed.calls.length).toBeGreaterThan(100);
    expect(missed.calls.every((c) => c.missed === 1 && c.direction === 'incoming')).toBe(true);
  });
});

describe('callStats', () => {
  it('counts incoming calls by local weekday and hour, answered vs missed', async () => {
    const db = await sample();
    await add(db, 'tue', 'incoming', '+74951234567', T + DAY + 5 * HOUR, true); // Tuesday 14:00
    await add(db, 'old', 'incoming', '+74951234567', T - 30 * DAY, true);
    const stats = await callStats(db, { since: T - DAY, until: T + 2 * DAY });
    expect(stats).toMatchObject({ total: 5, incoming: 4, outgoing: 1, answered: 2, missed: 2 });
    // Monday (getDay 1): 09:00 answered, 10:00 missed, 12:00 missed.
    expect(stats.byWeekdayHour[1]![9]).toEqual({ answered: 1, missed: 0 });
    expect(stats.byWeekdayHour[1]![10]).toEqual({ answered: 0, missed: 1 });
    expect(stats.byWeekdayHour[1]![12]).toEqual({ answered: 0, missed: 1 });
    expect(stats.byWeekdayHour[2]![14]).toEqual({ answered: 1, missed: 0 });
    expect(stats.byWeekday[1]).toEqual({ answered: 1, missed: 2 });
    expect(stats.byHour[14]).toEqual({ answered: 1, missed: 0 });
  });
});

describe('prune', () => {
  it('deletes calls and done tasks older than the retention period, nothing newer', async () => {
    const db = await freshDb();
    await add(db, 'old', 'incoming', '+74951234567', T - 200 * DAY, false);
    await add(db, 'recent', 'incoming', '+74951234567', T - 10 * DAY, true);
    const oldTask = await createCallback(
      db,
      { number: '+74951234567', origin: 'missed', dueAt: T - 190 * DAY },
      'RU',
      T - 200 * DAY,
    );
    await completeTask(db, oldTask.id, 'manual', T - 190 * DAY);
    const openTask = await createCallback(
      db,
      { number: '+74957654321', origin: 'missed', dueAt: T - 190 * DAY },
      'RU',
      T - 200 * DAY,
    );

    expect(await prune(db, { olderThanDays: 180, now: T })).toEqual({ calls: 1, tasks: 1 });
    expect(ids(await listCalls(db))).toEqual(['recent']);
    expect(await getTask(db, oldTask.id)).toBeUndefined();
    // An open task is a promise to call someone back: retention does not break it.
    expect(await getTask(db, openTask.id)).toBeDefined();
  });
});
