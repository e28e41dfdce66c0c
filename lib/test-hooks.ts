import { defineExtensionMessaging } from '@webext-core/messaging';
import { browser } from 'wxt/browser';
import type { IncomingCallNotifier } from './calls/incoming-notification';
import { validateAccount, type AccountErrors } from './storage/account-schema';
import { sipAccountItem } from './storage/items';
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
}

export function exposeTestHooks(service: {
  link: PhoneLink;
  notifier: IncomingCallNotifier;
}): void {
  const hooks: CallbridgeTestHooks = {
    clickNotificationButton: (id, index) => service.notifier.buttonClicked(id, index),
    clickNotification: (id) => service.notifier.clicked(id),
    link: service.link,
  };
  (globalThis as { callbridgeTest?: CallbridgeTestHooks }).callbridgeTest = hooks;
  listenForTestBridge(service.link);
}
