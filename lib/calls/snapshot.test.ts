import { describe, expect, it } from 'vitest';
import type { CallView, PhoneSnapshot } from '../sip/types';
import { listMissed } from './missed';
import { applyLifecycle, getCall } from './records';
import { recordFromSnapshot } from './snapshot';
import { MONDAY_9AM as T, RU, freshDb } from './testing';

const registration = { status: 'registered' as const, failures: 0, since: 0 };
const snap = (calls: CallView[], updatedAt = T): PhoneSnapshot => ({
  registration,
  calls,
  updatedAt,
});
const view = (over: Partial<CallView>): CallView => ({
  id: 'c1',
  direction: 'incoming',
  status: 'incoming',
  remoteNumber: '84951234567',
  muted: false,
  remoteHold: false,
  createdAt: T,
  dtmfSent: '',
  ...over,
});

describe('recordFromSnapshot', () => {
  it('reports an answered incoming call as started, answered by me, ended', () => {
    const ringing = snap([view({ remoteName: 'Ivan' })]);
    const connecting = snap([view({ status: 'connecting' })]);
    const active = snap([view({ status: 'active', answeredAt: T + 4_000 })]);
    const held = snap([view({ status: 'held', answeredAt: T + 4_000 })]);
    const ended = snap([
      view({
        status: 'ended',
        answeredAt: T + 4_000,
        endedAt: T + 64_000,
        end: { reason: 'hangup', by: 'remote' },
      }),
    ]);
    expect(recordFromSnapshot(null, ringing)).toEqual([
      {
        type: 'started',
        call: {
          id: 'c1',
          direction: 'incoming',
          number: '84951234567',
          startedAt: T,
          source: 'softphone',
          remoteName: 'Ivan',
        },
      },
    ]);
    expect(recordFromSnapshot(ringing, connecting)).toEqual([]);
    expect(recordFromSnapshot(connecting, active)).toEqual([
      { type: 'answered', id: 'c1', at: T + 4_000, by: 'me' },
    ]);
    expect(recordFromSnapshot(active, held)).toEqual([]);
    expect(recordFromSnapshot(held, ended)).toEqual([
      { type: 'ended', id: 'c1', at: T + 64_000, reason: 'hangup', by: 'remote' },
    ]);
    // The same snapshot again, and the ended call leaving the list a minute later: no news.
    expect(recordFromSnapshot(ended, ended)).toEqual([]);
    expect(recordFromSnapshot(ended, snap([]))).toEqual([]);
  });

  it('reports an outgoing call that got busy, with the SIP code for support', () => {
    const dialing = snap([
      view({ direction: 'outgoing', status: 'dialing', remoteNumber: '+74951234567' }),
    ]);
    const busy = snap([
      view({
        direction: 'outgoing',
        status: 'ended',
        remoteNumber: '+74951234567',
        endedAt: T + 3_000,
        end: { reason: 'busy', by: 'remote', code: 486 },
      }),
    ]);
    expect(recordFromSnapshot(dialing, busy)).toEqual([
      { type: 'ended', id: 'c1', at: T + 3_000, reason: 'busy', by: 'remote', cause: 'SIP 486' },
    ]);
  });

  it('reports a whole call first seen already ended (a restarted worker) from its start', () => {
    const events = recordFromSnapshot(
      null,
      snap([
        view({
          status: 'ended',
          endedAt: T + 2_000,
          end: { reason: 'canceled', by: 'remote' },
        }),
      ]),
    );
    expect(events.map((e) => e.type)).toEqual(['started', 'ended']);
  });

  it('ends a live call that disappeared from the phone as a lost connection', () => {
    const active = snap([view({ status: 'active', answeredAt: T + 1_000 })]);
    expect(recordFromSnapshot(active, snap([], T + 90_000))).toEqual([
      { type: 'ended', id: 'c1', at: T + 90_000, reason: 'connection-lost', by: 'system' },
    ]);
  });

  it('feeds the log: a short missed call, then the callback from the dial pad', async () => {
    const db = await freshDb();
    const frames = [
      snap([view({})]),
      snap([
        view({ status: 'ended', endedAt: T + 3_000, end: { reason: 'canceled', by: 'remote' } }),
      ]),
      snap([
        view({ status: 'ended', endedAt: T + 3_000, end: { reason: 'canceled', by: 'remote' } }),
        view({
          id: 'c2',
          direction: 'outgoing',
          status: 'dialing',
          remoteNumber: '+74951234567',
          createdAt: T + 600_000,
        }),
      ]),
    ];
    let prev: PhoneSnapshot | null = null;
    for (const frame of frames) {
      await applyLifecycle(db, recordFromSnapshot(prev, frame), RU);
      prev = frame;
    }
    // And again from scratch, as a restarted service worker would: nothing doubles.
    await applyLifecycle(db, recordFromSnapshot(null, frames[2]!), RU);

    expect(await getCall(db, 'c1')).toMatchObject({
      number: '+74951234567',
      result: 'missed',
      short: true,
      calledBackCallId: 'c2',
      calledBackHow: 'softphone',
    });
    const groups = await listMissed(db, { now: T + 700_000 });
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ open: false, count: 1, short: true });
  });
});
