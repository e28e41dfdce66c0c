import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { logger } from '../log';
import { formatCallTime, numberLabel, uiLocale } from './format';
import type { CallbackTask } from './types';

const log = logger('calls');
const PREFIX = 'callbridge-reminder:';
export const SNOOZE_MINUTES = 10;

/** Chrome shows notification buttons; Firefox has none (clicking opens the task list there). */
const HAS_BUTTONS = !import.meta.env.FIREFOX;

export interface ReminderActions {
  getTask(id: string): Promise<CallbackTask | undefined>;
  /** Dials the task's number. The task completes when that call starts (lib/calls/records.ts). */
  callNow(task: CallbackTask): Promise<void>;
  snooze(task: CallbackTask, minutes: number): Promise<void>;
  /** Opens the popup's task list. */
  openTasks(): Promise<void>;
}

/**
 * The desktop notification for a callback task that came due: who to call, with Call now and
 * Snooze 10 min. It comes from the background, like the incoming-call notification, so it shows
 * with no popup or CRM tab open. Its id carries the task id, so the buttons still work after the
 * service worker restarted between showing it and the click.
 */
export class CallbackReminderNotifier {
  constructor(private readonly actions: ReminderActions) {}

  /** Registers the notification listeners; call synchronously at background start. */
  listen(): void {
    browser.notifications.onButtonClicked.addListener((id, index) => {
      void this.buttonClicked(id, index);
    });
    browser.notifications.onClicked.addListener((id) => {
      void this.clicked(id);
    });
  }

  /** Shows (or replaces) the task's reminder; returns its text. */
  async show(task: CallbackTask, now = Date.now()): Promise<string> {
    // The name comes from a CRM or a SIP header: plain text in a notification, never HTML.
    const number = numberLabel(task.number, task.ext);
    const text = task.name ? `${task.name} · ${number}` : number;
    await browser.notifications.create(PREFIX + task.id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: i18n.t('reminder_title'),
      message: text,
      contextMessage: i18n.t('task_dueAt', [formatCallTime(task.dueAt, now, uiLocale())]),
      priority: 2,
      ...(HAS_BUTTONS
        ? {
            requireInteraction: true,
            buttons: [{ title: i18n.t('reminder_callNow') }, { title: i18n.t('task_snooze') }],
          }
        : {}),
    });
    return text;
  }

  /** Takes the reminder away: the task was done, snoozed or called from elsewhere. */
  async clear(taskId: string): Promise<void> {
    await browser.notifications.clear(PREFIX + taskId);
  }

  async buttonClicked(notificationId: string, index: number): Promise<void> {
    const task = await this.taskOf(notificationId);
    if (!task) return;
    await browser.notifications.clear(notificationId);
    try {
      if (index === 0) await this.actions.callNow(task);
      else await this.actions.snooze(task, SNOOZE_MINUTES);
    } catch (err) {
      log('reminder action failed: %o', err);
    }
  }

  async clicked(notificationId: string): Promise<void> {
    if (taskIdOfReminder(notificationId) === null) return;
    await this.actions.openTasks();
  }

  private async taskOf(notificationId: string): Promise<CallbackTask | undefined> {
    const taskId = taskIdOfReminder(notificationId);
    if (taskId === null) return undefined;
    const task = await this.actions.getTask(taskId);
    // A task done since the reminder appeared (the number was called from the CRM) is no
    // reason to dial again.
    if (task?.status !== 'open') {
      await browser.notifications.clear(notificationId);
      return undefined;
    }
    return task;
  }
}

export function reminderNotificationId(taskId: string): string {
  return PREFIX + taskId;
}

/** The task id of one of our reminder notifications, or null for any other notification. */
export function taskIdOfReminder(notificationId: string): string | null {
  return notificationId.startsWith(PREFIX) ? notificationId.slice(PREFIX.length) : null;
}
