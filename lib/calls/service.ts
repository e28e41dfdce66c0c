/**
 * The background half of the call log, mirroring lib/sip/service.ts: it records every phone
 * snapshot, keeps callback reminders armed, shows them, prunes old calls once a day and reports
 * the counts for the toolbar badge. Listeners are registered synchronously in
 * `startCallLog()`, so a service worker woken by an alarm or a notification click finds them.
 */
import { browser } from 'wxt/browser';
import { logger } from '../log';
import type { CommandResult, PhoneSnapshot } from '../sip/types';
import type { CallerIdentity, RingingCall } from './caller-identity';
import { openCallsChannel, type CallsChannel } from './changes';
import { callsDb, type CallsDb } from './db';
import { prune } from './history';
import { missedBadgeCount } from './missed';
import { applyLifecycle, type LifecycleEvent } from './records';
import { CallbackReminderNotifier, taskIdOfReminder } from './reminder-notification';
import { loadCallSettings } from './settings';
import { recordFromSnapshot } from './snapshot';
import { TaskScheduler, dueCount, getTask } from './tasks';
import type { CallSettings } from './types';

const log = logger('calls');
export const PRUNE_ALARM = 'callbridge-calls:prune';

export interface CallCounts {
  /** Numbers with missed calls waiting for a callback. */
  missed: number;
  /** Callback tasks due or overdue. */
  dueTasks: number;
}

export interface CallLogDeps {
  /** Places a call: the phone's `dial` command. */
  dial(target: string, ext?: string): Promise<CommandResult>;
  /** Opens the popup's view of the tasks (Firefox reminders have no buttons, only a click). */
  openTasks(): Promise<void>;
  /** The toolbar badge is shared with the phone's state; the caller merges the two. */
  showCounts(counts: CallCounts): void | Promise<void>;
  /** Who the other party is (lib/calls/caller-identity.ts): CRM names go into the record. */
  identify?: (call: RingingCall) => Promise<CallerIdentity>;
  db?: () => Promise<CallsDb>;
  settings?: () => Promise<CallSettings>;
}

export interface CallLogService {
  /** Feed every PhoneSnapshot here (the phone service's `changed` hook). */
  onSnapshot(snapshot: PhoneSnapshot): Promise<void>;
  scheduler: TaskScheduler;
  reminders: CallbackReminderNotifier;
  refreshCounts(): Promise<CallCounts>;
  /** Resolves once the start-up work (re-arming, overdue reminders, pruning) is done. */
  ready: Promise<void>;
  channel: CallsChannel;
}

export function startCallLog(deps: CallLogDeps): CallLogService {
  const db = deps.db ?? callsDb;
  const settings = deps.settings ?? (() => loadCallSettings());
  const channel = openCallsChannel();

  const reminders = new CallbackReminderNotifier({
    getTask: async (id) => getTask(await db(), id),
    callNow: async (task) => {
      // The task completes when the call starts and its snapshot is recorded (records.ts).
      const result = await deps.dial(task.number, task.ext);
      if (!result.ok) log('reminder call failed: %o', result);
    },
    snooze: async (task, minutes) => {
      await scheduler.snooze(task.id, minutes);
      await changed('tasks');
    },
    openTasks: deps.openTasks,
  });
  const scheduler = new TaskScheduler(db, async (task) => {
    await reminders.show(task);
    await refreshCounts();
  });
  scheduler.listen();
  reminders.listen();

  // Created once: the worker starts many times a day, and re-creating a periodic alarm at
  // every start would push its first firing back each time, so it might never fire at all.
  void browser.alarms.get(PRUNE_ALARM).then((existing) => {
    if (!existing)
      void browser.alarms.create(PRUNE_ALARM, { delayInMinutes: 5, periodInMinutes: 24 * 60 });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PRUNE_ALARM) void pruneNow();
  });

  // The popup changed something (dismissed, snoozed, completed): recount, and take away
  // reminders that no longer stand.
  channel.onChange((change) => {
    void (change === 'tasks' ? reconcileReminders() : Promise.resolve()).then(refreshCounts);
  });

  async function refreshCounts(): Promise<CallCounts> {
    const store = await db();
    const counts = { missed: await missedBadgeCount(store), dueTasks: await dueCount(store) };
    await deps.showCounts(counts);
    return counts;
  }

  async function changed(change: 'calls' | 'tasks'): Promise<void> {
    await refreshCounts();
    channel.notify(change);
  }

  async function reconcileReminders(): Promise<void> {
    const shown = Object.keys(await browser.notifications.getAll());
    const now = Date.now();
    for (const id of shown) {
      const taskId = taskIdOfReminder(id);
      if (taskId === null) continue;
      const task = await getTask(await db(), taskId);
      if (!task || task.status !== 'open' || task.dueAt > now) await reminders.clear(taskId);
    }
  }

  async function pruneNow(): Promise<void> {
    const { retentionDays } = await settings();
    const removed = await prune(await db(), { olderThanDays: retentionDays });
    if (removed.calls + removed.tasks > 0) {
      log(
        'pruned %d calls and %d tasks older than %d days',
        removed.calls,
        removed.tasks,
        retentionDays,
      );
      await changed('calls');
    }
  }

  // Snapshots arrive faster than IndexedDB writes; one at a time keeps the diff's `prev` true.
  let prev: PhoneSnapshot | null = null;
  let queue: Promise<void> = Promise.resolve();
  function onSnapshot(snapshot: PhoneSnapshot): Promise<void> {
    queue = queue
      .then(() => record(snapshot))
      .catch((err: unknown) => log('could not record calls: %o', err));
    return queue;
  }
  async function record(snapshot: PhoneSnapshot): Promise<void> {
    const events = recordFromSnapshot(prev, snapshot);
    prev = snapshot;
    if (events.length === 0) return;
    const outcomes = await applyLifecycle(await db(), events, await settings());
    const named = await contactDetails(events);
    if (named.length > 0) await applyLifecycle(await db(), named, await settings());
    for (const outcome of outcomes) {
      for (const task of outcome.completedTasks) {
        await scheduler.disarm(task.id);
        await reminders.clear(task.id);
      }
    }
    await changed('calls');
  }

  /** The CRM contact of each call that just started, as a "details" event. */
  async function contactDetails(events: LifecycleEvent[]): Promise<LifecycleEvent[]> {
    if (!deps.identify) return [];
    const details: LifecycleEvent[] = [];
    for (const event of events) {
      if (event.type !== 'started') continue;
      const { id, number, remoteName } = event.call;
      const identity = await deps
        .identify({ id, remoteNumber: number, ...(remoteName ? { remoteName } : {}) })
        .catch(() => undefined);
      if (identity?.source !== 'crm') continue;
      details.push({
        type: 'details',
        id,
        details: {
          ...(identity.name ? { contactName: identity.name } : {}),
          ...(identity.recordUrl ? { contactUrl: identity.recordUrl } : {}),
        },
      });
    }
    return details;
  }

  const ready = (async () => {
    await scheduler.start();
    await refreshCounts();
  })().catch((err: unknown) => log('call log start failed: %o', err));

  return { onSnapshot, scheduler, reminders, refreshCounts, ready, channel };
}
