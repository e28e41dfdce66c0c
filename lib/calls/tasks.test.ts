import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { CallsDb } from './db';
import { callStarted } from './records';
import {
  OVERDUE_AFTER_MIN,
  TaskScheduler,
  createCallback,
  dueCount,
  getTask,
  listTasks,
  alarmName,
} from './tasks';
import { MIN, MONDAY_9AM as T, RU, freshDb } from './testing';
import type { CallbackTask } from './types';

/**
 * The browser fires an alarm when its time has come; the fake browser keeps alarms but has no
 * clock. This plays the browser's part: after the (fake) time moved on, fire what is due.
 */
async function fireDueAlarms(): Promise<void> {
  const due = (await fakeBrowser.alarms.getAll()).filter((a) => a.scheduledTime <= Date.now());
  for (const alarm of due) {
    await fakeBrowser.alarms.clear(alarm.name);
    await fakeBrowser.alarms.onAlarm.trigger(alarm);
  }
}

let db: CallsDb;
let reminded: CallbackTask[];
let scheduler: TaskScheduler;

beforeEach(async () => {
  fakeBrowser.reset();
  // Only the clock is faked: fake-indexeddb schedules its work with setImmediate.
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(T);
  db = await freshDb();
  reminded = [];
  scheduler = new TaskScheduler(
    async () => db,
    (task) => {
      reminded.push(task);
    },
  );
  scheduler.listen();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('callback tasks', () => {
  it('creates "call back in 10 minutes" with the number normalised', async () => {
    const task = await createCallback(
      db,
      { number: '8 (495) 123-45-67', name: 'Иван', origin: 'missed', inMinutes: 10, callId: 'c1' },
      'RU',
    );
    expect(task).toMatchObject({
      number: '+74951234567',
      name: 'Иван',
      origin: 'missed',
      callId: 'c1',
      createdAt: T,
      dueAt: T + 10 * MIN,
      status: 'open',
    });
  });

  it('keeps one open task per number: a second "remind me" moves it', async () => {
    const first = await createCallback(
      db,
      { number: '+74951234567', origin: 'missed', inMinutes: 10 },
      'RU',
    );
    const second = await createCallback(
      db,
      { number: '84951234567', origin: 'history', inMinutes: 30 },
      'RU',
    );
    expect(second.id).toBe(first.id);
    expect(second.dueAt).toBe(T + 30 * MIN);
    const lists = await listTasks(db);
    expect(lists.upcoming).toHaveLength(1);
  });

  it('sorts tasks into overdue, due and upcoming, and counts the due ones for the badge', async () => {
    await createCallback(
      db,
      { number: '+74950000001', origin: 'card', dueAt: T - 2 * 60 * MIN },
      'RU',
    );
    await createCallback(db, { number: '+74950000002', origin: 'card', dueAt: T - 5 * MIN }, 'RU');
    await createCallback(db, { number: '+74950000003', origin: 'card', dueAt: T + 60 * MIN }, 'RU');
    await createCallback(db, { number: '+74950000004', origin: 'page', dueAt: T + 10 * MIN }, 'RU');
    const lists = await listTasks(db);
    expect(lists.overdue.map((t) => t.number)).toEqual(['+74950000001']);
    expect(lists.due.map((t) => t.number)).toEqual(['+74950000002']);
    expect(lists.upcoming.map((t) => t.number)).toEqual(['+74950000004', '+74950000003']);
    expect(await dueCount(db)).toBe(2);
    expect(OVERDUE_AFTER_MIN).toBe(15);
  });
});

describe('TaskScheduler', () => {
  it('arms one alarm per task at its due time and reminds when it fires', async () => {
    const task = await scheduler.create(
      { number: '+74951234567', origin: 'card', inMinutes: 10 },
      'RU',
    );
    expect(await fakeBrowser.alarms.get(alarmName(task.id))).toMatchObject({
      name: `callbridge-task:${task.id}`,
      scheduledTime: T + 10 * MIN,
    });

    vi.advanceTimersByTime(9 * MIN);
    await fireDueAlarms();
    expect(reminded).toEqual([]);

    vi.advanceTimersByTime(MIN);
    await fireDueAlarms();
    await vi.waitFor(() => expect(reminded.map((t) => t.id)).toEqual([task.id]));
    expect((await getTask(db, task.id))?.remindedAt).toBe(T + 10 * MIN);
    expect(await dueCount(db)).toBe(1);
  });

  it('snoozes for 10 minutes: the alarm moves and reminds again', async () => {
    const task = await scheduler.create(
      { number: '+74951234567', origin: 'card', inMinutes: 10 },
      'RU',
    );
    vi.advanceTimersByTime(10 * MIN);
    await fireDueAlarms();
    await vi.waitFor(() => expect(reminded).toHaveLength(1));

    const snoozedAt = Date.now();
    await scheduler.snooze(task.id, 10);
    expect((await fakeBrowser.alarms.get(alarmName(task.id)))?.scheduledTime).toBe(
      snoozedAt + 10 * MIN,
    );
    expect(await dueCount(db)).toBe(0);
    vi.advanceTimersByTime(10 * MIN);
    await fireDueAlarms();
    await vi.waitFor(() => expect(reminded).toHaveLength(2));
  });

  it('completing a task removes its alarm; a late alarm for it reminds of nothing', async () => {
    const task = await scheduler.create(
      { number: '+74951234567', origin: 'card', inMinutes: 10 },
      'RU',
    );
    await scheduler.complete(task.id, 'manual');
    expect(await fakeBrowser.alarms.get(alarmName(task.id))).toBeUndefined();
    vi.advanceTimersByTime(10 * MIN);
    const fired = await scheduler.handleAlarm({
      name: alarmName(task.id),
      scheduledTime: Date.now(),
    });
    expect(fired).toBeNull();
    expect(reminded).toEqual([]);
  });

  it('calling the number completes the task before its alarm', async () => {
    const task = await scheduler.create(
      { number: '84951234567', origin: 'notification', inMinutes: 30 },
      'RU',
    );
    vi.advanceTimersByTime(5 * MIN);
    const outcome = await callStarted(
      db,
      {
        id: 'cb',
        direction: 'outgoing',
        number: '+74951234567',
        startedAt: Date.now(),
        source: 'softphone',
      },
      RU,
    );
    expect(outcome.completedTasks.map((t) => t.id)).toEqual([task.id]);
    vi.advanceTimersByTime(25 * MIN);
    await fireDueAlarms();
    expect(reminded).toEqual([]);
  });

  it('re-arms everything on start and reports what came due while the browser was closed', async () => {
    const soon = await scheduler.create(
      { number: '+74950000001', origin: 'card', inMinutes: 10 },
      'RU',
    );
    const later = await scheduler.create(
      { number: '+74950000002', origin: 'card', inMinutes: 120 },
      'RU',
    );

    // The browser closes: alarms are gone (Firefox always, Chrome on an update). An hour later
    // it starts again, with a stray alarm of a task that no longer exists.
    await fakeBrowser.alarms.clearAll();
    await fakeBrowser.alarms.create('callbridge-task:deleted', { when: T + 3 * 60 * MIN });
    await fakeBrowser.alarms.create('callbridge:phone-keepalive', { periodInMinutes: 0.5 });
    vi.advanceTimersByTime(60 * MIN);

    const restarted = new TaskScheduler(
      async () => db,
      (task) => void reminded.push(task),
    );
    const dueAtStart = await restarted.start();
    expect(dueAtStart.map((t) => t.id)).toEqual([soon.id]);
    expect(reminded.map((t) => t.id)).toEqual([soon.id]);
    const names = (await fakeBrowser.alarms.getAll()).map((a) => a.name).sort();
    expect(names).toEqual(['callbridge-task:' + later.id, 'callbridge:phone-keepalive']);

    // Chrome also fires the alarm it kept for the same task: still one reminder.
    await scheduler.handleAlarm({ name: alarmName(soon.id), scheduledTime: T + 10 * MIN });
    // And starting again (another worker wake-up) reminds of nothing new.
    expect(await restarted.start()).toEqual([]);
    expect(reminded).toHaveLength(1);
  });

  it('ignores alarms that are not its own', async () => {
    expect(
      await scheduler.handleAlarm({ name: 'callbridge:phone-keepalive', scheduledTime: T }),
    ).toBeNull();
  });
});
