/**
 * Callback tasks ("call back in 10 / 30 / 60 minutes, or at …") and their reminders.
 *
 * The tasks live in IndexedDB; the browser's alarms only wake the background when one is due.
 * Alarms are not a safe store: Chrome drops them on an extension update and may on a browser
 * restart, Firefox drops them on restart. So `TaskScheduler.start()` re-arms every open task
 * from the database at every background start, and reports the ones that came due while the
 * browser was closed. Every reminder is claimed in a transaction (`remindedAt`), so a task due
 * at start and its alarm firing at the same moment still make one reminder, not two.
 *
 *   open ──alarm / start──▶ reminded ──snooze──▶ open (later dueAt) ──▶ …
 *     └──── a call to the number, or Done ────▶ done
 */
import { browser, type Browser } from 'wxt/browser';
import type { CountryCode } from 'libphonenumber-js/core';
import { logger } from '../log';
import type { CallsDb } from './db';
import { normalizeParty, sameParty } from './numbers';
import type { CallbackTask, TaskDoneHow, TaskOrigin } from './types';

const log = logger('calls');

export const TASK_ALARM_PREFIX = 'callbridge-task:';

/** Tasks past due by more than this are "overdue" rather than "due". */
export const OVERDUE_AFTER_MIN = 15;

export type CreateCallbackInput = {
  number: string;
  ext?: string;
  name?: string;
  contactUrl?: string;
  callId?: string;
  origin: TaskOrigin;
} & ({ dueAt: number } | { inMinutes: number });

/**
 * Creates a callback task, or moves the open one for the same party: pressing "in 10 min" and
 * then "in 30 min" on the same missed call means one reminder, at the later time.
 */
export async function createCallback(
  db: CallsDb,
  input: CreateCallbackInput,
  defaultCountry: CountryCode,
  now = Date.now(),
): Promise<CallbackTask> {
  const party = normalizeParty(input.number, input.ext, defaultCountry);
  const dueAt = 'dueAt' in input ? input.dueAt : now + input.inMinutes * 60_000;
  const tx = db.transaction('tasks', 'readwrite');
  const existing = (await tx.store.index('number').getAll(party.number)).find(
    (t) => t.status === 'open' && sameParty(t, party),
  );
  const task: CallbackTask = existing
    ? { ...existing, dueAt }
    : {
        id: newId(),
        number: party.number,
        origin: input.origin,
        createdAt: now,
        dueAt,
        status: 'open',
      };
  if (party.ext) task.ext = party.ext;
  if (input.name) task.name = input.name;
  if (input.contactUrl) task.contactUrl = input.contactUrl;
  if (input.callId && !task.callId) task.callId = input.callId;
  await tx.store.put(task);
  await tx.done;
  return task;
}

function newId(): string {
  return crypto.randomUUID();
}

export function getTask(db: CallsDb, id: string): Promise<CallbackTask | undefined> {
  return db.get('tasks', id);
}

/** Moves an open task's due time to `minutes` from now; undefined if it is gone or done. */
export async function snoozeTask(
  db: CallsDb,
  id: string,
  minutes: number,
  now = Date.now(),
): Promise<CallbackTask | undefined> {
  return updateOpen(db, id, (task) => ({ ...task, dueAt: now + minutes * 60_000 }));
}

/** Completes a task by hand (Done) or after a call; undefined if it is gone or already done. */
export async function completeTask(
  db: CallsDb,
  id: string,
  how: TaskDoneHow,
  now = Date.now(),
): Promise<CallbackTask | undefined> {
  return updateOpen(db, id, (task) => ({ ...task, status: 'done', doneAt: now, doneHow: how }));
}

async function updateOpen(
  db: CallsDb,
  id: string,
  change: (task: CallbackTask) => CallbackTask,
): Promise<CallbackTask | undefined> {
  const tx = db.transaction('tasks', 'readwrite');
  const task = await tx.store.get(id);
  if (!task || task.status !== 'open') {
    await tx.done;
    return undefined;
  }
  const next = change(task);
  await tx.store.put(next);
  await tx.done;
  return next;
}

export interface TaskLists {
  /** Past due by more than OVERDUE_AFTER_MIN minutes, oldest first. */
  overdue: CallbackTask[];
  /** Due now: past due by less than that. */
  due: CallbackTask[];
  /** Not due yet, soonest first. */
  upcoming: CallbackTask[];
}

export async function listTasks(db: CallsDb, now = Date.now()): Promise<TaskLists> {
  const open = await db.getAllFromIndex(
    'tasks',
    'status_dueAt',
    IDBKeyRange.bound(['open', -Infinity], ['open', Infinity]),
  );
  const lists: TaskLists = { overdue: [], due: [], upcoming: [] };
  const overdueBefore = now - OVERDUE_AFTER_MIN * 60_000;
  for (const task of open) {
    if (task.dueAt > now) lists.upcoming.push(task);
    else if (task.dueAt < overdueBefore) lists.overdue.push(task);
    else lists.due.push(task);
  }
  return lists;
}

/** The toolbar badge's task count: open tasks that are due or overdue. */
export function dueCount(db: CallsDb, now = Date.now()): Promise<number> {
  return db.countFromIndex(
    'tasks',
    'status_dueAt',
    IDBKeyRange.bound(['open', -Infinity], ['open', now]),
  );
}

/**
 * Claims the reminder of a due task: returns it if it is open, due, and not reminded yet for
 * this due time, marking it reminded in the same transaction.
 */
async function claimReminder(db: CallsDb, id: string, now: number): Promise<CallbackTask | null> {
  const tx = db.transaction('tasks', 'readwrite');
  const task = await tx.store.get(id);
  if (
    !task ||
    task.status !== 'open' ||
    task.dueAt > now ||
    (task.remindedAt ?? -1) >= task.dueAt
  ) {
    await tx.done;
    return null;
  }
  const claimed = { ...task, remindedAt: now };
  await tx.store.put(claimed);
  await tx.done;
  return claimed;
}

type Alarm = Pick<Browser.alarms.Alarm, 'name' | 'scheduledTime'>;

/**
 * One alarm per open task, named `callbridge-task:<id>`, set for its due time. The background
 * creates one scheduler, calls `listen()` synchronously in `main()` (a service worker woken by
 * an alarm must find its listener in place) and `start()` right after.
 */
export class TaskScheduler {
  constructor(
    private readonly db: () => Promise<CallsDb>,
    /** Shows the reminder (lib/calls/reminder-notification.ts). Called once per due time. */
    private readonly onDue: (task: CallbackTask) => void | Promise<void>,
  ) {}

  listen(): void {
    browser.alarms.onAlarm.addListener((alarm) => {
      void this.handleAlarm(alarm).catch((err: unknown) => log('task alarm failed: %o', err));
    });
  }

  /**
   * Re-arms every open task that is not due yet and reminds of the ones that came due while
   * the browser was closed (or the worker was asleep past their alarm). Removes alarms left
   * over from tasks that no longer exist. Returns the tasks it reminded of.
   */
  async start(now = Date.now()): Promise<CallbackTask[]> {
    const db = await this.db();
    const open = await db.getAllFromIndex(
      'tasks',
      'status_dueAt',
      IDBKeyRange.bound(['open', -Infinity], ['open', Infinity]),
    );
    const wanted = new Set<string>();
    const reminded: CallbackTask[] = [];
    for (const task of open) {
      if (task.dueAt > now) {
        wanted.add(alarmName(task.id));
        await this.arm(task);
      } else {
        const claimed = await claimReminder(db, task.id, now);
        if (claimed) {
          reminded.push(claimed);
          await this.onDue(claimed);
        }
      }
    }
    for (const alarm of await browser.alarms.getAll()) {
      if (alarm.name.startsWith(TASK_ALARM_PREFIX) && !wanted.has(alarm.name))
        await browser.alarms.clear(alarm.name);
    }
    log('tasks: %d armed, %d reminded at start', wanted.size, reminded.length);
    return reminded;
  }

  /** Sets (or moves) the task's alarm; call after creating or snoozing a task. */
  async arm(task: CallbackTask): Promise<void> {
    if (task.status !== 'open') return this.disarm(task.id);
    // An alarm in the past fires at once, which is what a task due now should do.
    await browser.alarms.create(alarmName(task.id), { when: task.dueAt });
  }

  async disarm(taskId: string): Promise<void> {
    await browser.alarms.clear(alarmName(taskId));
  }

  /** The onAlarm handler; returns the task reminded of, or null (not ours, done, or reminded). */
  async handleAlarm(alarm: Alarm, now = Date.now()): Promise<CallbackTask | null> {
    if (!alarm.name.startsWith(TASK_ALARM_PREFIX)) return null;
    const id = alarm.name.slice(TASK_ALARM_PREFIX.length);
    // Alarms may fire a little early (Chrome rounds to its timer slack), never by much.
    const claimed = await claimReminder(await this.db(), id, Math.max(now, alarm.scheduledTime));
    if (claimed) await this.onDue(claimed);
    return claimed;
  }

  /** Create, then arm: the one call the popup's and the notification's buttons need. */
  async create(input: CreateCallbackInput, defaultCountry: CountryCode): Promise<CallbackTask> {
    const task = await createCallback(await this.db(), input, defaultCountry);
    await this.arm(task);
    return task;
  }

  async snooze(id: string, minutes: number): Promise<CallbackTask | undefined> {
    const task = await snoozeTask(await this.db(), id, minutes);
    if (task) await this.arm(task);
    return task;
  }

  async complete(id: string, how: TaskDoneHow): Promise<CallbackTask | undefined> {
    const task = await completeTask(await this.db(), id, how);
    await this.disarm(id);
    return task;
  }
}

export function alarmName(taskId: string): string {
  return TASK_ALARM_PREFIX + taskId;
}
