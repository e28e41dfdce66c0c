import { describe, expect, it } from 'vitest';
import type { CallsDb } from './db';
import { dismissMissed, listMissed, missedBadgeCount } from './missed';
import { callAnswered, callDetails, callEnded, callStarted, getCall } from './records';
import { MIN, MONDAY_9AM as T, RU, freshDb } from './testing';

async function missed(db: CallsDb, id: string, number: string, at: number, ringMs = 20_000) {
  await callStarted(db, { id, direction: 'incoming', number, startedAt: at, source: 'pbx' }, RU);
  await callEnded(db, id, { at: at + ringMs, reason: 'canceled' }, RU);
}

async function call(db: CallsDb, id: string, number: string, at: number, answered = true) {
  await callStarted(
    db,
    { id, direction: 'outgoing', number, startedAt: at, source: 'softphone' },
    RU,
  );
  if (answered) await callAnswered(db, id, { at: at + 5_000 }, RU);
  await callEnded(db, id, { at: at + 60_000, reason: answered ? 'hangup' : 'no-answer' }, RU);
}

describe('the missed-call list', () => {
  it('groups several missed calls from one number, in whatever format they came', async () => {
    const db = await freshDb();
    await missed(db, 'a1', '84951234567', T, 3_000);
    await missed(db, 'a2', '+74951234567', T + 10 * MIN, 2_000);
    await missed(db, 'a3', '4951234567', T + 20 * MIN, 4_000);
    await missed(db, 'b1', '+380441234567', T + 5 * MIN);
    await callDetails(db, 'a2', { contactName: 'Иван Петров' }, RU);

    const groups = await listMissed(db, { now: T + 30 * MIN });
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({
      number: '+74951234567',
      name: 'Иван Петров',
      count: 3,
      firstAt: T,
      lastAt: T + 20 * MIN,
      short: true, // every one of them hung up within seconds
      open: true,
      callIds: ['a1', 'a2', 'a3'],
      lastResult: 'missed',
    });
    expect(groups[1]).toMatchObject({ number: '+380441234567', count: 1, short: false });
    expect(await missedBadgeCount(db)).toBe(2);
  });

  it('is not short when only some of the calls were', async () => {
    const db = await freshDb();
    await missed(db, 'a1', '+74951234567', T, 3_000);
    await missed(db, 'a2', '+74951234567', T + MIN, 30_000);
    expect((await listMissed(db, { now: T + 2 * MIN }))[0]?.short).toBe(false);
  });

  it('shows a called-back number with when, how, and how the callback went', async () => {
    const db = await freshDb();
    await missed(db, 'a1', '+74951234567', T);
    await missed(db, 'b1', '+74957654321', T + MIN);
    await call(db, 'cb', '84951234567', T + 3 * 60 * MIN, false);

    const groups = await listMissed(db, { now: T + 4 * 60 * MIN });
    // Open first.
    expect(groups.map((g) => [g.number, g.open])).toEqual([
      ['+74957654321', true],
      ['+74951234567', false],
    ]);
    expect(groups[1]?.calledBack).toEqual({
      at: T + 3 * 60 * MIN,
      callId: 'cb',
      how: 'softphone',
      result: 'no-answer',
    });
    expect(await missedBadgeCount(db)).toBe(1);

    // A week later the resolved entry has left the list; an open one never does.
    const later = await listMissed(db, { now: T + 8 * 24 * 60 * MIN });
    expect(later.map((g) => g.number)).toEqual(['+74957654321']);
  });

  it('opens a new entry when the number calls again after the callback', async () => {
    const db = await freshDb();
    await missed(db, 'a1', '+74951234567', T);
    await call(db, 'cb', '+74951234567', T + 10 * MIN);
    await missed(db, 'a2', '+74951234567', T + 60 * MIN);
    const groups = await listMissed(db, { now: T + 61 * MIN });
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ open: true, count: 1, callIds: ['a2'] });
  });

  it('dismisses a number: off the list and the badge, still in the history', async () => {
    const db = await freshDb();
    await missed(db, 'a1', '+74951234567', T);
    await missed(db, 'a2', '+74951234567', T + MIN);
    expect(await dismissMissed(db, '+74951234567', T + 2 * MIN)).toEqual(['a1', 'a2']);
    expect(await listMissed(db, { now: T + 3 * MIN })).toEqual([]);
    expect(await missedBadgeCount(db)).toBe(0);
    expect(await getCall(db, 'a1')).toMatchObject({ missed: 1, dismissedAt: T + 2 * MIN });
  });

  it('counts busy, declined and failed incoming calls as missed, not those a colleague took', async () => {
    const db = await freshDb();
    const start = (id: string, n: string) =>
      callStarted(db, { id, direction: 'incoming', number: n, startedAt: T, source: 'pbx' }, RU);
    await start('busy', '+74950000001');
    await callEnded(db, 'busy', { at: T + 1_000, reason: 'busy' }, RU);
    await start('declined', '+74950000002');
    await callEnded(db, 'declined', { at: T + 1_000, reason: 'rejected' }, RU);
    await start('colleague', '+74950000003');
    await callAnswered(db, 'colleague', { at: T + 1_000, by: 'agent-7' }, RU);
    await callEnded(db, 'colleague', { at: T + 9_000, reason: 'hangup' }, RU);
    const groups = await listMissed(db, { now: T + MIN });
    expect(groups.map((g) => [g.number, g.lastResult]).sort()).toEqual([
      ['+74950000001', 'busy'],
      ['+74950000002', 'rejected'],
    ]);
  });
});
