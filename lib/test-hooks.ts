import { defineExtensionMessaging } from '@webext-core/messaging';
import { browser } from 'wxt/browser';
import type { IncomingCallNotifier } from './calls/incoming-notification';
import { seedCalls } from './calls/seed';
import { loadCallSettings } from './calls/settings';
import type { CallLogService } from './calls/service';
import { validateAccount, type AccountErrors } from './storage/account-schema';
import { withCrmHost } from './click-to-call/sites';
import { callWindowItem, sipAccountItem } from './storage/items';
import { crmHostsItem } from './storage/site-settings';
import { parsePhoneCommand } from './sip/commands';
import type { PhoneLink } from './sip/link';
import type { CallMediaStats } from './sip/stats';
import type { CommandResult, PhoneSnapshot, SipAccount } from './sip/types';

/**
 * Test builds only (`wxt build --mode test`): lets the end-to-end tests press a notification's
 * buttons, which a headless browser cannot click. The hooks call the very handlers that the
 * notifications API calls, so the tested path is the production path.
 */
export interface CallbridgeTestHooks {
  clickNotificationButton(notificationId: string, index: number): Promise<void>;
  clickNotification(notificationId: string): Promise<void>;
  /** Presses a callback reminder's button (0 = Call now, 1 = Snooze 10 min). */
  clickReminderButton(notificationId: string, index: number): Promise<void>;
  /**
   * Fires a task alarm now, through the scheduler's own alarm handler, instead of waiting the
   * real 10 minutes; the alarm itself was created through the real alarms API.
   */
  fireAlarm(name: string): Promise<void>;
  /**
   * Creates a callback task due at `dueAt` (epoch ms) through the scheduler, so a test can have
   * one come due while the browser is closed.
   */
  createCallbackAt(number: string, dueAt: number): Promise<void>;
  /** Fills the call log with `n` generated calls (benchmark of the popup with a full log). */
  seedCalls(n: number): Promise<number>;
  link: PhoneLink;
}

/**
 * The Firefox end-to-end test's way in. WebDriver BiDi cannot open moz-extension:// pages, so
 * the test drives the background from a page on http://127.0.0.1 through the test-only content
 * script entrypoints/test-bridge.content.ts. The production `phone:*` UI messages refuse content
 * scripts (lib/messaging.ts `isExtensionPage`), and must keep doing so; this is a separate,
 * narrow protocol that exists only in test builds: the background registers it only when
 * `import.meta.env.MODE === 'test'`, and wxt.config.ts leaves the content script out of every
 * other build.
 */
export interface TestBridgeProtocol {
  'test-bridge:snapshot'(): PhoneSnapshot;
  /** Saves the account the way the options page does: validated, then into storage. */
  'test-bridge:configure'(
    account: unknown,
  ): { ok: true } | { ok: false; errors: AccountErrors | 'malformed' };
  'test-bridge:command'(cmd: unknown): CommandResult;
  'test-bridge:stats'(): CallMediaStats[];
  /**
   * Firefox: getUserMedia in the background page itself, which Firefox always refuses (the
   * reason the phone captures in the call window, lib/sip/call-window-microphone.ts).
   */
  'test-bridge:background-capture'(): { ok: true } | { ok: false; name: string; message: string };
  /**
   * The ids of the notifications shown since the background started: on screen, or already
   * closed (headless Firefox has no alert UI and closes each notification at once).
   */
  'test-bridge:notifications'(): string[];
  /** Clicks a notification, through the notifier's own handler (Firefox has no buttons). */
  'test-bridge:click-notification'(notificationId: string): void;
  /** The call window: its window id if it is open, else null; `close` closes it (the user's ×). */
  'test-bridge:call-window'(action: 'get' | 'close'): number | null;
  /**
   * Adds a loopback host as a vTiger CRM, as the sites page does after the browser granted
   * access (the test manifest pre-grants 127.0.0.1): the background then registers the content
   * script for it.
   */
  'test-bridge:crm-host'(host: '127.0.0.1' | 'localhost'): void;
}

const testBridge = defineExtensionMessaging<TestBridgeProtocol>();

/** Only the test bridge content script, on a loopback test page, may use the protocol. */
function fromTestPage(sender: { id?: string; url?: string }): boolean {
  if (sender.id !== browser.runtime.id || typeof sender.url !== 'string') return false;
  try {
    const url = new URL(sender.url);
    return url.protocol === 'http:' && url.hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

function listenForTestBridge(link: PhoneLink): void {
  const guard = (sender: { id?: string; url?: string }): void => {
    if (!fromTestPage(sender)) throw new Error('not allowed');
  };
  testBridge.onMessage('test-bridge:snapshot', ({ sender }) => {
    guard(sender);
    return link.snapshot();
  });
  testBridge.onMessage('test-bridge:configure', async ({ data, sender }) => {
    guard(sender);
    if (typeof data !== 'object' || data === null) return { ok: false, errors: 'malformed' };
    const result = validateAccount(data as SipAccount);
    if (!result.ok) return { ok: false, errors: result.errors };
    // The background's storage watch reconfigures the phone, exactly as after the options page.
    await sipAccountItem.setValue(result.account);
    return { ok: true };
  });
  testBridge.onMessage('test-bridge:command', async ({ data, sender }) => {
    guard(sender);
    const cmd = parsePhoneCommand(data);
    if (!cmd) return { ok: false, error: 'internal', detail: 'malformed command' };
    return link.command(cmd);
  });
  testBridge.onMessage('test-bridge:stats', ({ sender }) => {
    guard(sender);
    return link.stats();
  });
  testBridge.onMessage('test-bridge:crm-host', async ({ data, sender }) => {
    guard(sender);
    if (data !== '127.0.0.1' && data !== 'localhost') throw new Error('loopback hosts only');
    await crmHostsItem.setValue(
      withCrmHost(await crmHostsItem.getValue(), { host: data, crm: 'vtiger' }),
    );
  });
}

/** The Firefox microphone's test hooks (see the protocol above). */
function listenForCallWindowProbes(notifier: IncomingCallNotifier): void {
  const guard = (sender: { id?: string; url?: string }): void => {
    if (!fromTestPage(sender)) throw new Error('not allowed');
  };
  testBridge.onMessage('test-bridge:background-capture', async ({ sender }) => {
    guard(sender);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      stream.getTracks().forEach((t) => t.stop());
      return { ok: true };
    } catch (err) {
      const e = err as { name?: unknown; message?: unknown };
      return { ok: false, name: String(e.name), message: String(e.message) };
    }
  });
  const closed = new Set<string>();
  browser.notifications.onClosed.addListener((id) => void closed.add(id));
  testBridge.onMessage('test-bridge:notifications', async ({ sender }) => {
    guard(sender);
    return [...new Set([...closed, ...Object.keys(await browser.notifications.getAll())])];
  });
  testBridge.onMessage('test-bridge:click-notification', async ({ data, sender }) => {
    guard(sender);
    if (typeof data !== 'string') throw new Error('malformed notification id');
    await notifier.clicked(data);
  });
  testBridge.onMessage('test-bridge:call-window', async ({ data, sender }) => {
    guard(sender);
    const id = await callWindowItem.getValue();
    if (id === null) return null;
    try {
      await browser.windows.get(id);
    } catch {
      return null; // Closed.
    }
    if (data === 'close') await browser.windows.remove(id);
    return id;
  });
}

export function exposeTestHooks(
  service: { link: PhoneLink; notifier: IncomingCallNotifier },
  callLog: CallLogService,
): void {
  const hooks: CallbridgeTestHooks = {
    clickNotificationButton: (id, index) => service.notifier.buttonClicked(id, index),
    clickNotification: (id) => service.notifier.clicked(id),
    clickReminderButton: (id, index) => callLog.reminders.buttonClicked(id, index),
    fireAlarm: async (name) => {
      const alarm = await browser.alarms.get(name);
      if (!alarm) throw new Error(`no alarm ${name}`);
      await browser.alarms.clear(name);
      // The scheduler is told it is the alarm's time, as when Chrome fires it.
      await callLog.scheduler.handleAlarm(alarm, alarm.scheduledTime);
    },
    createCallbackAt: async (number, dueAt) => {
      const { defaultCountry } = await loadCallSettings();
      await callLog.scheduler.create({ number, dueAt, origin: 'missed' }, defaultCountry);
    },
    seedCalls: async (n) => {
      const seeded = await seedCalls(n);
      await callLog.refreshCounts();
      return seeded;
    },
    link: service.link,
  };
  (globalThis as { callbridgeTest?: CallbridgeTestHooks }).callbridgeTest = hooks;
  listenForTestBridge(service.link);
  if (import.meta.env.FIREFOX) listenForCallWindowProbes(service.notifier);
}
