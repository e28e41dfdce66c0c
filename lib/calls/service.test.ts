import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { CallView } from '../sip/types';
import type { CallsDb } from './db';
import { listMissed } from './missed';
import { getCall } from './records';
import { reminderNotificationId } from './reminder-notification';
import { PRUNE_ALARM, startCallLog, type CallCounts } from './service';
import { alarmName, getTask } from './tasks';
import { MIN, MONDAY_9AM as T, callView as view, freshDb, snapshotOf } from './testing';

const snap = (calls: CallView[]) => snapshotOf(calls, Date.now());

let db: CallsDb;
let counts: CallCounts[];
const dial = vi.fn(async () => ({ ok: true as const, callId: 'out1' }));

beforeEach(async () => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T);
  db = await freshDb();
  counts = [];
  dial.mockClear();
});
const services: Array<ReturnType<typeof startCallLog>> = [];
afterEach(() => {
  vi.useRealTimers();
  for (const service of services.splice(0)) service.channel.close();
});

function start(identify?: Parameters<typeof startCallLog>[0]['identify']) {
  const service = startCallLog({
    ...(identify ? { identify } : {}),
    dial,
    openTasks: async () => {},
    showCounts: (c) => void counts.push(c),
    db: async () => db,
    settings: async () => ({ defaultCountry: 'RU', shortCallSec: 5, retentionDays: 180 }),
  });
  services.push(service);
  return service;
}

describe('startCallLog', () => {
  it('keeps the CRM contact a page showed for the number in the call record', async () => {
    const identify = vi.fn(async () => ({
      number: '+74951234567',
      name: '<b>Иван</b> Петров',
      recordUrl: 'https://crm.example.com/r/5',
      source: 'crm' as const,
    }));
    const service = start(identify);
    await service.ready;
    await service.onSnapshot(snap([view({ remoteName: 'TRUNK' })]));
    expect(identify).toHaveBeenCalledWith({
      id: 'in1',
      remoteNumber: '84951234567',
      remoteName: 'TRUNK',
    });
    expect(await getCall(db, 'in1')).toMatchObject({
      number: '+74951234567',
      remoteName: 'TRUNK',
      contactName: '<b>Иван</b> Петров',
      contactUrl: 'https://crm.example.com/r/5',
    });
    // A number nobody named gets no contact.
    identify.mockResolvedValueOnce({ number: '+74951234568', source: 'sip' } as never);
    await service.onSnapshot(snap([view({}), view({ id: 'in2', remoteNumber: '84951234568' })]));
    expect((await getCall(db, 'in2'))?.contactName).toBeUndefined();
  });

  it('records snapshots, reminds of a callback, and closes both when the number is called', async () => {
    const service = start();
    await service.ready;
    expect(counts.at(-1)).toEqual({ missed: 0, dueTasks: 0 });
    const prune = await fakeBrowser.alarms.get(PRUNE_ALARM);
    expect(prune).toBeDefined();
    // Another worker start keeps the daily alarm where it was.
    vi.setSystemTime(T + 60_000);
    const again = start();
    await again.ready;
    expect((await fakeBrowser.alarms.get(PRUNE_ALARM))?.scheduledTime).toBe(prune?.scheduledTime);
    again.channel.close(); // one background from here on
    vi.setSystemTime(T);

    // A customer rings and gives up after three seconds.
    await service.onSnapshot(snap([view({})]));
    vi.setSystemTime(T + 3_000);
    await service.onSnapshot(
      snap([
        view({ status: 'ended', endedAt: T + 3_000, end: { reason: 'canceled', by: 'remote' } }),
      ]),
    );
    expect(counts.at(-1)).toEqual({ missed: 1, dueTasks: 0 });
    expect((await listMissed(db))[0]).toMatchObject({ number: '+74951234567', short: true });

    // "Remind in 10 min" from the missed list; ten minutes later the alarm fires.
    const task = await service.scheduler.create(
      { number: '+74951234567', origin: 'missed', inMinutes: 10 },
      'RU',
    );
    vi.setSystemTime(T + 3_000 + 10 * MIN);
    await service.scheduler.handleAlarm({ name: alarmName(task.id), scheduledTime: Date.now() });
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([
      reminderNotificationId(task.id),
    ]);
    expect(counts.at(-1)).toEqual({ missed: 1, dueTasks: 1 });

    // "Call now" dials; the call's first snapshot completes the task and the missed call.
    await service.reminders.buttonClicked(reminderNotificationId(task.id), 0);
    expect(dial).toHaveBeenCalledWith('+74951234567', undefined);
    await service.onSnapshot(
      snap([
        view({
          id: 'out1',
          direction: 'outgoing',
          status: 'dialing',
          remoteNumber: '+74951234567',
          createdAt: Date.now(),
        }),
      ]),
    );
    expect(await getTask(db, task.id)).toMatchObject({ status: 'done', doneCallId: 'out1' });
    expect(await getCall(db, 'in1')).toMatchObject({ calledBackCallId: 'out1' });
    expect(counts.at(-1)).toEqual({ missed: 0, dueTasks: 0 });
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('shows the reminders that came due while the browser was closed at start', async () => {
    const first = start();
    await first.ready;
    const task = await first.scheduler.create(
      { number: '+74951234567', origin: 'card', inMinutes: 10 },
      'RU',
    );
    await fakeBrowser.alarms.clearAll();
    fakeBrowser.notifications.resetState();
    vi.setSystemTime(T + 8 * 60 * MIN);

    const second = start();
    await second.ready;
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([
      reminderNotificationId(task.id),
    ]);
    expect(counts.at(-1)).toEqual({ missed: 0, dueTasks: 1 });
  });
});
