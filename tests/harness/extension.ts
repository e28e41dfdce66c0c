/**
 * The built extension in a real Chromium: build once, load it, drive its pages, read its state.
 * Everything goes through the extension's own pages and messages (as a user's popup would), plus
 * the DevTools protocol for what only a test does (stopping the service worker).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page, Worker } from 'playwright';
import { launchChromium, type LaunchedChromium } from './browser';
import type { CallMediaStats } from '../../lib/sip/stats';
import type { PhoneSnapshot, SipAccount } from '../../lib/sip/types';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CHROME_TEST_BUILD = resolve(ROOT, '.output/chrome-mv3-test');
export const FIREFOX_TEST_BUILD = resolve(ROOT, '.output/firefox-mv2-test');

/**
 * Builds the test flavour of the extension (`--mode test`: loopback-only ICE candidates and the
 * notification test hooks). scripts/test.sh builds before the suite and sets
 * CALLBRIDGE_PREBUILT=1, so a run builds once; a lone `vitest` run builds on demand.
 */
export function buildExtension(browser: 'chrome' | 'firefox'): string {
  const dir = browser === 'chrome' ? CHROME_TEST_BUILD : FIREFOX_TEST_BUILD;
  if (process.env.CALLBRIDGE_PREBUILT === '1' && existsSync(resolve(dir, 'manifest.json')))
    return dir;
  execFileSync(
    'npx',
    ['wxt', 'build', '--mode', 'test', ...(browser === 'firefox' ? ['-b', 'firefox'] : [])],
    {
      cwd: ROOT,
      env: { ...process.env, WXT_CALLBRIDGE_LOOPBACK: '1' },
      stdio: 'pipe',
    },
  );
  return dir;
}

export function accountFor(
  pbx: { wsUrl: string; domain: string; users: Readonly<Record<string, string>> },
  user: string,
  password?: string,
): SipAccount {
  return {
    wsUrl: pbx.wsUrl,
    sipUri: `sip:${user}@${pbx.domain}`,
    authUser: user,
    password: password ?? pbx.users[user] ?? '',
    displayName: `Agent ${user}`,
  };
}

/** Sends one typed UI message from an extension page, the way the popup does. */
async function sendFromPage<T>(page: Page, type: string, data?: unknown): Promise<T> {
  const reply = await page.evaluate(
    async ([t, d]) =>
      chrome.runtime.sendMessage({
        id: Math.floor(Math.random() * 1e9),
        type: t,
        data: d,
        timestamp: Date.now(),
      }),
    [type, data] as const,
  );
  const { res, err } = (reply ?? {}) as { res?: T; err?: { message?: string } };
  if (err) throw new Error(`${type}: ${err.message ?? JSON.stringify(err)}`);
  return res as T;
}

interface NotificationRecord {
  shownAt: number;
  open: boolean;
  text: string;
}

export class ExtensionSession {
  private control: Page | null = null;

  private constructor(
    readonly chromium: LaunchedChromium,
    readonly id: string,
  ) {}

  static async launch(
    opts: { userDataDir?: string; headless?: boolean } = {},
  ): Promise<ExtensionSession> {
    const dir = buildExtension('chrome');
    const chromium = await launchChromium({ extensionDir: dir, ...opts });
    if (!chromium.extensionId) throw new Error('extension did not load');
    return new ExtensionSession(chromium, chromium.extensionId);
  }

  get context(): BrowserContext {
    return this.chromium.context;
  }

  url(path: string): string {
    return `chrome-extension://${this.id}/${path.replace(/^\//, '')}`;
  }

  async open(path: string): Promise<Page> {
    const page = await this.context.newPage();
    await page.goto(this.url(path));
    return page;
  }

  /** A hidden-from-the-user extension page the tests use to talk to the background. */
  async controlPage(): Promise<Page> {
    if (!this.control || this.control.isClosed())
      this.control = await this.open('popup.html?view=control');
    return this.control;
  }

  /** The running service worker, waking it (through a message) when Chrome stopped it. */
  async worker(): Promise<Worker> {
    const find = () => this.context.serviceWorkers().find((w) => w.url().startsWith(this.url('')));
    const existing = find();
    if (existing) return existing;
    const waiting = this.context.waitForEvent('serviceworker', { timeout: 15_000 });
    await this.snapshot().catch(() => undefined);
    return find() ?? (await waiting);
  }

  /** Fills in and saves the options page's account form, as a user does. */
  async configureAccount(
    account: SipAccount,
    opts: { allowMicrophone?: boolean; country?: string } = {},
  ): Promise<Page> {
    const page = await this.open('options.html');
    if (opts.allowMicrophone ?? true) {
      const allow = page.locator('button.allow-mic');
      if (await allow.isVisible()) await allow.click();
    }
    if (opts.country) await page.selectOption('#default-country', opts.country);
    await page.fill('#field-wsUrl', account.wsUrl);
    await page.fill('#field-sipUri', account.sipUri);
    await page.fill('#field-authUser', account.authUser);
    await page.fill('#field-password', account.password);
    await page.fill('#field-displayName', account.displayName);
    await page.click('button.save');
    return page;
  }

  async snapshot(): Promise<PhoneSnapshot> {
    return sendFromPage<PhoneSnapshot>(await this.controlPage(), 'phone:snapshot');
  }

  async stats(): Promise<CallMediaStats[]> {
    return sendFromPage<CallMediaStats[]>(await this.controlPage(), 'phone:stats');
  }

  async command(
    cmd: Record<string, unknown>,
  ): Promise<{ ok: boolean; callId?: string; error?: string }> {
    return sendFromPage(await this.controlPage(), 'phone:command', cmd);
  }

  async waitFor(
    predicate: (s: PhoneSnapshot) => boolean,
    opts: { timeoutMs?: number; what?: string } = {},
  ): Promise<PhoneSnapshot> {
    const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
    let last: PhoneSnapshot | null = null;
    while (Date.now() < deadline) {
      last = await this.snapshot().catch(() => last);
      if (last && predicate(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `timed out waiting for ${opts.what ?? 'phone state'}; last: ${JSON.stringify(last)}`,
    );
  }

  waitForRegistered(timeoutMs = 15_000): Promise<PhoneSnapshot> {
    return this.waitFor((s) => s.registration.status === 'registered', {
      timeoutMs,
      what: 'registration',
    });
  }

  /** The extension's open notifications (id → options), read in the service worker. */
  /** The ids of the extension's open notifications, read in the service worker. */
  async notifications(): Promise<string[]> {
    const worker = await this.worker();
    const all = (await worker.evaluate(
      () => new Promise((resolve) => chrome.notifications.getAll(resolve)),
    )) as Record<string, boolean>;
    return Object.keys(all);
  }

  /** The caller-ID cache's entry for a number (IndexedDB in the service worker), if any. */
  async callerIdContact(number: string): Promise<Record<string, unknown> | undefined> {
    const worker = await this.worker();
    return worker.evaluate(
      (key) =>
        new Promise<Record<string, unknown> | undefined>((resolve) => {
          const open = indexedDB.open('callbridge-caller-id');
          // Not there yet: do not create it (an empty version 1 would block the real upgrade).
          open.onupgradeneeded = () => open.transaction?.abort();
          open.onerror = () => resolve(undefined);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('contacts')) return resolve(undefined);
            const get = db.transaction('contacts').objectStore('contacts').get(key);
            get.onsuccess = () => {
              resolve(get.result as Record<string, unknown> | undefined);
              db.close();
            };
            get.onerror = () => resolve(undefined);
          };
        }),
      number,
    );
  }

  /** What the background recorded for each call notification (text, when shown, open). */
  async notificationRecords(): Promise<Record<string, NotificationRecord>> {
    const worker = await this.worker();
    return worker.evaluate(async () => {
      const got = await chrome.storage.session.get('notifiedCalls');
      return (got.notifiedCalls ?? {}) as Record<string, NotificationRecord>;
    });
  }

  async waitForNotification(timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const ids = await this.notifications();
      const id = ids.find((i) => i.startsWith('callbridge-call:'));
      if (id) return id;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('no call notification appeared');
  }

  /** Presses a notification button through the background's test hook (headless has no OS UI). */
  async clickNotificationButton(id: string, index: number): Promise<void> {
    const worker = await this.worker();
    await worker.evaluate(
      ([n, i]) =>
        (
          globalThis as unknown as {
            callbridgeTest: { clickNotificationButton(n: string, i: number): Promise<void> };
          }
        ).callbridgeTest.clickNotificationButton(n, i),
      [id, index] as const,
    );
  }

  /**
   * Stops the extension's service worker the way Chrome does when it is idle, and waits until
   * the DevTools protocol reports it stopped.
   */
  async stopServiceWorker(): Promise<void> {
    const page = await this.controlPage();
    const cdp = await this.context.newCDPSession(page);
    const scope = this.url('');
    type Version = { scriptURL: string; runningStatus: string };
    const stopped = new Promise<void>((resolve) => {
      cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: Version[] }) => {
        const ours = e.versions.filter((v) => v.scriptURL.startsWith(scope));
        if (ours.length > 0 && ours.every((v) => v.runningStatus === 'stopped')) resolve();
      });
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await Promise.race([stopped, new Promise((r) => setTimeout(r, 5000))]);
    await cdp.detach();
  }

  async close(): Promise<void> {
    await this.chromium.close();
  }
}
