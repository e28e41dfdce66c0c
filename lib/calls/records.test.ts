import { describe, expect, it } from 'vitest';
import type { CallsDb } from './db';
import {
  applyLifecycle,
  callAnswered,
  callDetails,
  callEnded,
  callStarted,
  getCall,
  type CallStartInput,
  type LifecycleEvent,
} from './records';
import { createCallback, getTask } from './tasks';
import { MIN, MONDAY_9AM as T, RU, freshDb } from './testing';
import type { CallRecord, EndReason } from './types';

const incoming = (id: string, number: string, startedAt: number): CallStartInput => ({
  id,
  direction: 'incoming',
  number,
  startedAt,
  source: 'pbx',
});
const outgoing = (id: string, number: string, startedAt: number): CallStartInput => ({
  id,
  direction: 'outgoing',
  number,
  startedAt,
  source: 'softphone',
});

async function missedCall(db: CallsDb, id: string, number: string, at: number, ringMs = 20_000) {
  await callStarted(db, incoming(id, number, at), RU);
  return callEnded(db, id, { at: at + ringMs, reason: 'canceled', by: 'remote' }, RU);
}

/** The record without its bookkeeping time, for comparing outcomes of different orders. */
const facts = (call: CallRecord | undefined) => {
  const { updatedAt: _, ...rest } = call!;
  return rest;
};

describe('the call lifecycle', () => {
  it('start → answered → ended → details makes one answered call with its recording', async () => {
    const db = await freshDb();
    await callStarted(db, { ...incoming('c1', '+74951234567', T), remoteName: 'Ivan' }, RU);
    await callAnswered(db, 'c1', { at: T + 8_000, by: 'me' }, RU);
    expect((await getCall(db, 'c1'))?.result).toBeUndefined(); // still talking
    await callEnded(db, 'c1', { at: T + 128_000, reason: 'hangup', by: 'remote' }, RU);
    expect(await getCall(db, 'c1')).toMatchObject({ result: 'answered', durationSec: 120 });
    await callDetails(
      db,
      'c1',
      {
        durationSec: 119,
        recordingUrl: 'https://pbx.example.com/rec/c1.wav',
        contactName: 'Иван Петров',
        contactUrl: 'https://crm.example.com/contacts/7',
      },
      RU,
    );
    expect(await getCall(db, 'c1')).toMatchObject({
      direction: 'incoming',
      number: '+74951234567',
      remoteName: 'Ivan',
      answeredBy: 'me',
      result: 'answered',
      durationSec: 119, // the PBX's billing figure wins over our clock
      recordingUrl: 'https://pbx.example.com/rec/c1.wav',
      contactName: 'Иван Петров',
      contactUrl: 'https://crm.example.com/contacts/7',
    });
  });

  it('start → ended (the caller gave up) → details makes an open missed call', async () => {
    const db = await freshDb();
    await missedCall(db, 'c1', '+74951234567', T);
    await callDetails(db, 'c1', { contactName: 'ООО «Ромашка»' }, RU);
    const call = await getCall(db, 'c1');
    expect(call).toMatchObject({
      result: 'missed',
      missed: 1,
      openMissed: '+74951234567',
      durationSec: 0,
      contactName: 'ООО «Ромашка»',
    });
    expect(call?.short).toBeUndefined();
  });

  const ordered: LifecycleEvent[] = [
    { type: 'started', call: incoming('x', '84951234567', T) },
    { type: 'answered', id: 'x', at: T + 5_000, by: 'agent-104' },
    { type: 'ended', id: 'x', at: T + 65_000, reason: 'hangup', by: 'remote', cause: 'NORMAL' },
    { type: 'details', id: 'x', details: { durationSec: 60, recordingUrl: 'https://r/x.mp3' } },
  ];

  it('ends in the same record whatever order the events arrive in, and however often', async () => {
    const reference = await freshDb();
    await applyLifecycle(reference, ordered, RU);
    const expected = facts(await getCall(reference, 'x'));
    expect(expected).toMatchObject({
      number: '+74951234567',
      rawNumber: '84951234567',
      result: 'answered-elsewhere',
      answeredBy: 'agent-104',
      durationSec: 60,
    });

    const orders = [
      [3, 2, 1, 0],
      [2, 0, 3, 1],
      [1, 3, 0, 2],
      [0, 0, 2, 1, 2, 3, 3, 1],
    ];
    for (const order of orders) {
      const db = await freshDb();
      await applyLifecycle(
        db,
        order.map((i) => ordered[i]!),
        RU,
      );
      expect(facts(await getCall(db, 'x')), `order ${order.join(',')}`).toEqual(expected);
    }
  });

  it('keeps early events on a provisional record that no list shows until the start arrives', async () => {
    const db = await freshDb();
    await callEnded(db, 'late', { at: T + 30_000, reason: 'canceled' }, RU);
    expect(await getCall(db, 'late')).toMatchObject({ provisional: true, startedAt: T + 30_000 });
    expect((await getCall(db, 'late'))?.result).toBeUndefined();
    await callStarted(db, incoming('late', '+74951234567', T), RU);
    const call = await getCall(db, 'late');
    expect(call?.provisional).toBeUndefined();
    expect(call).toMatchObject({ startedAt: T, endedAt: T + 30_000, result: 'missed' });
  });

  it('accepts the PBX correcting a cancel into "answered elsewhere"', async () => {
    const db = await freshDb();
    await missedCall(db, 'c1', '+74951234567', T);
    await callEnded(db, 'c1', { at: T + 20_000, reason: 'answered-elsewhere' }, RU);
    const call = await getCall(db, 'c1');
    expect(call?.result).toBe('answered-elsewhere');
    expect(call?.openMissed).toBeUndefined();
  });

  describe('results', () => {
    const cases: Array<{
      name: string;
      dir: 'incoming' | 'outgoing';
      answered?: string;
      reason: EndReason;
      result: string;
      missed: boolean;
    }> = [
      {
        name: 'answered here',
        dir: 'incoming',
        answered: 'me',
        reason: 'hangup',
        result: 'answered',
        missed: false,
      },
      {
        name: 'answered by a colleague',
        dir: 'incoming',
        answered: '104',
        reason: 'hangup',
        result: 'answered-elsewhere',
        missed: false,
      },
      {
        name: 'caller gave up',
        dir: 'incoming',
        reason: 'canceled',
        result: 'missed',
        missed: true,
      },
      { name: 'rang out', dir: 'incoming', reason: 'no-answer', result: 'missed', missed: true },
      { name: 'we were busy', dir: 'incoming', reason: 'busy', result: 'busy', missed: true },
      {
        name: 'we declined',
        dir: 'incoming',
        reason: 'rejected',
        result: 'rejected',
        missed: true,
      },
      {
        name: 'audio failed while ringing',
        dir: 'incoming',
        reason: 'ice-failed',
        result: 'failed',
        missed: true,
      },
      {
        name: 'they answered',
        dir: 'outgoing',
        answered: 'x',
        reason: 'hangup',
        result: 'answered',
        missed: false,
      },
      { name: 'they were busy', dir: 'outgoing', reason: 'busy', result: 'busy', missed: false },
      {
        name: 'nobody picked up',
        dir: 'outgoing',
        reason: 'no-answer',
        result: 'no-answer',
        missed: false,
      },
      {
        name: 'PBX said 480',
        dir: 'outgoing',
        reason: 'unavailable',
        result: 'no-answer',
        missed: false,
      },
      {
        name: 'we hung up first',
        dir: 'outgoing',
        reason: 'canceled',
        result: 'cancelled',
        missed: false,
      },
      {
        name: 'they declined',
        dir: 'outgoing',
        reason: 'rejected',
        result: 'rejected',
        missed: false,
      },
      {
        name: 'wrong number',
        dir: 'outgoing',
        reason: 'not-found',
        result: 'failed',
        missed: false,
      },
    ];
    for (const c of cases) {
      it(`${c.dir}, ${c.name}: ${c.result}`, async () => {
        const db = await freshDb();
        await callStarted(db, { ...incoming('c', '+74951234567', T), direction: c.dir }, RU);
        if (c.answered) await callAnswered(db, 'c', { at: T + 3_000, by: c.answered }, RU);
        await callEnded(db, 'c', { at: T + 30_000, reason: c.reason }, RU);
        const call = await getCall(db, 'c');
        expect(call?.result).toBe(c.result);
        expect(call?.missed === 1).toBe(c.missed);
      });
    }
  });

  it('flags a caller who hung up within the configured seconds as short, and keeps it missed', async () => {
    const db = await freshDb();
    await missedCall(db, 'quick', '+74951234567', T, 4_000);
    await missedCall(db, 'eight', '+74951234568', T, 8_000);
    expect(await getCall(db, 'quick')).toMatchObject({ result: 'missed', short: true, missed: 1 });
    expect((await getCall(db, 'eight'))?.short).toBeUndefined();

    const patient = { ...RU, shortCallSec: 10 };
    await callStarted(db, incoming('eight-10', '+74951234569', T), patient);
    await callEnded(db, 'eight-10', { at: T + 8_000, reason: 'canceled' }, patient);
    expect(await getCall(db, 'eight-10')).toMatchObject({
      short: true,
      openMissed: '+74951234569',
    });

    // Declining within a second is not the caller giving up.
    await callStarted(db, incoming('declined', '+74951234560', T), RU);
    await callEnded(db, 'declined', { at: T + 1_000, reason: 'rejected', by: 'local' }, RU);
    expect((await getCall(db, 'declined'))?.short).toBeUndefined();
  });
});

describe('called back', () => {
  it('marks earlier missed calls when an outgoing call to the same number starts, in any format', async () => {
    const db = await freshDb();
    await missedCall(db, 'm1', '84951234567', T);
    await missedCall(db, 'm2', '4951234567', T + 10 * MIN);
    await missedCall(db, 'm3', '+7 (495) 123-45-67', T + 20 * MIN);
    await missedCall(db, 'other', '+74957654321', T + 25 * MIN);
    // Dozens of unrelated calls in between: the callback still finds its missed calls.
    for (let i = 0; i < 30; i++) {
      await callStarted(
        db,
        outgoing(`noise${i}`, `+7916000${String(i).padStart(4, '0')}`, T + (30 + i) * MIN),
        RU,
      );
    }
    const outcome = await callStarted(db, outgoing('cb', '+74951234567', T + 5 * 60 * MIN), RU);
    expect(outcome.calledBack.sort()).toEqual(['m1', 'm2', 'm3']);
    for (const id of ['m1', 'm2', 'm3']) {
      const call = await getCall(db, id);
      expect(call).toMatchObject({
        calledBackAt: T + 5 * 60 * MIN,
        calledBackCallId: 'cb',
        calledBackHow: 'softphone',
      });
      expect(call?.openMissed).toBeUndefined();
    }
    expect((await getCall(db, 'other'))?.openMissed).toBe('+74957654321');
  });

  it('does not mark a missed call that came after the callback', async () => {
    const db = await freshDb();
    await callStarted(db, outgoing('cb', '+74951234567', T), RU);
    await missedCall(db, 'later', '+74951234567', T + MIN);
    expect((await getCall(db, 'later'))?.openMissed).toBe('+74951234567');
  });

  it('marks a missed call reported after its callback was already recorded', async () => {
    const db = await freshDb();
    // The PBX feed reports the missed call late; the desk-phone callback is already in the log.
    await callStarted(
      db,
      { ...outgoing('cb', '+74951234567', T + 30 * MIN), source: 'pbx', via: 'desk-phone' },
      RU,
    );
    await missedCall(db, 'm', '84951234567', T);
    expect(await getCall(db, 'm')).toMatchObject({
      calledBackCallId: 'cb',
      calledBackHow: 'desk-phone',
      calledBackAt: T + 30 * MIN,
    });
  });

  it('tells extensions apart only when both sides know one', async () => {
    const db = await freshDb();
    await callStarted(db, { ...incoming('ext12', '+74951234567', T), ext: '12' }, RU);
    await callEnded(db, 'ext12', { at: T + 9_000, reason: 'canceled' }, RU);
    await callStarted(db, { ...outgoing('to15', '+74951234567', T + MIN), ext: '15' }, RU);
    expect((await getCall(db, 'ext12'))?.openMissed).toBe('+74951234567');
    await callStarted(db, outgoing('main', '+74951234567', T + 2 * MIN), RU);
    expect((await getCall(db, 'ext12'))?.calledBackCallId).toBe('main');
  });

  it('completes open callback tasks for the number, but not one made during the call', async () => {
    const db = await freshDb();
    const before = await createCallback(
      db,
      { number: '8 (495) 123-45-67', origin: 'missed', inMinutes: 30 },
      'RU',
      T,
    );
    const outcome = await callStarted(db, outgoing('cb', '+74951234567', T + 5 * MIN), RU);
    expect(outcome.completedTasks.map((t) => t.id)).toEqual([before.id]);
    expect(await getTask(db, before.id)).toMatchObject({
      status: 'done',
      doneHow: 'softphone',
      doneCallId: 'cb',
      doneAt: T + 5 * MIN,
    });
    const during = await createCallback(
      db,
      { number: '+74951234567', origin: 'card', inMinutes: 30, callId: 'cb' },
      'RU',
      T + 6 * MIN,
    );
    await callStarted(db, outgoing('cb', '+74951234567', T + 5 * MIN), RU); // a repeated report
    expect((await getTask(db, during.id))?.status).toBe('open');
  });

  it('never offers a withheld number for a callback', async () => {
    const db = await freshDb();
    await missedCall(db, 'anon', 'anonymous', T);
    expect(await getCall(db, 'anon')).toMatchObject({ number: 'anonymous', missed: 1 });
    expect((await getCall(db, 'anon'))?.openMissed).toBeUndefined();
  });
});
