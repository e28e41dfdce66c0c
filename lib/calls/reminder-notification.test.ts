import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { CallbackReminderNotifier, reminderNotificationId } from './reminder-notification';
import { MIN, MONDAY_9AM as T } from './testing';
import type { CallbackTask } from './types';

const task: CallbackTask = {
  id: 't1',
  number: '+74951234567',
  ext: '12',
  name: 'Иван Петров',
  origin: 'missed',
  createdAt: T,
  dueAt: T + 10 * MIN,
  status: 'open',
};

function setup(current: CallbackTask | undefined = task) {
  const actions = {
    getTask: vi.fn(async () => current),
    callNow: vi.fn(async () => {}),
    snooze: vi.fn(async () => {}),
    openTasks: vi.fn(async () => {}),
  };
  const notifier = new CallbackReminderNotifier(actions);
  notifier.listen();
  return { actions, notifier };
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('CallbackReminderNotifier', () => {
  it('shows who to call, when it was due, with Call now and Snooze 10 min', async () => {
    const { notifier } = setup();
    const text = await notifier.show(task, T + 10 * MIN);
    expect(text).toBe('Иван Петров · +7 495 123 45 67 ext. 12');
    const shown = (await fakeBrowser.notifications.getAll())[reminderNotificationId('t1')] as {
      title: string;
      message: string;
      contextMessage: string;
      buttons?: Array<{ title: string }>;
    };
    expect(shown.title).toBe('Time to call back');
    expect(shown.message).toBe(text);
    expect(shown.contextMessage).toMatch(/^Due /);
    expect(shown.buttons?.map((b) => b.title)).toEqual(['Call now', 'Snooze 10 min']);
  });

  it('calls the number or snoozes from its buttons', async () => {
    const { actions, notifier } = setup();
    await notifier.show(task, T);
    await notifier.buttonClicked(reminderNotificationId('t1'), 0);
    expect(actions.callNow).toHaveBeenCalledWith(task);
    await notifier.show(task, T);
    await notifier.buttonClicked(reminderNotificationId('t1'), 1);
    expect(actions.snooze).toHaveBeenCalledWith(task, 10);
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('does not dial a task that was done since the reminder appeared', async () => {
    const { actions, notifier } = setup({ ...task, status: 'done' });
    await notifier.show(task, T);
    await notifier.buttonClicked(reminderNotificationId('t1'), 0);
    expect(actions.callNow).not.toHaveBeenCalled();
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it("leaves other notifications' clicks alone", async () => {
    const { actions, notifier } = setup();
    await notifier.buttonClicked('callbridge-call:abc', 0);
    await notifier.clicked('callbridge-call:abc');
    expect(actions.getTask).not.toHaveBeenCalled();
    expect(actions.openTasks).not.toHaveBeenCalled();
    await notifier.clicked(reminderNotificationId('t1'));
    expect(actions.openTasks).toHaveBeenCalledOnce();
  });
});
