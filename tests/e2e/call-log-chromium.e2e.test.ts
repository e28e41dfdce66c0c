/**
 * Missed calls and callback tasks end to end: the customer calls and nobody answers → a missed
 * entry, a badge and a missed-call notification; "remind in 10 min" → a real alarm at the right
 * time; the alarm fires (through the scheduler's own handler, not 10 real minutes) → the
 * reminder's "Call now" places the call → the missed entry is called back and the task done.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_DIR } from '../harness/build-customer';
import { openCustomer, type CustomerPage } from '../harness/customer-page';
import { ExtensionSession, ROOT, accountFor } from '../harness/extension';
import { startPbx, type Pbx } from '../harness/pbx';
import { startStaticServer, type StaticServer } from '../harness/static-server';

const SHOTS = resolve(ROOT, 'artifacts/screenshots');
const CALLER = '+74951234567';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let pbx: Pbx;
let server: StaticServer;
let ext: ExtensionSession;
let customer: CustomerPage;
let popup: Page;

async function badge(): Promise<string> {
  const worker = await ext.worker();
  return worker.evaluate(() => chrome.action.getBadgeText({}));
}

async function alarms(): Promise<chrome.alarms.Alarm[]> {
  const worker = await ext.worker();
  return worker.evaluate(() => chrome.alarms.getAll());
}

async function hook(name: string, ...args: unknown[]): Promise<unknown> {
  const worker = await ext.worker();
  return worker.evaluate(
    ([n, a]) =>
      (globalThis as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>)
        .callbridgeTest![n as string]!(...(a as unknown[])),
    [name, args] as const,
  );
}

/** The customer calls, rings for `ringMs`, and gives up. */
async function unansweredCall(ringMs: number, from = CALLER): Promise<void> {
  const since = Date.now();
  await customer.call('1001', { fromUser: from });
  await ext.waitFor((s) => s.calls.some((c) => c.status === 'incoming'), { what: 'ringing' });
  await sleep(ringMs);
  await customer.hangup();
  await customer.waitForEvent('failed', since);
  await ext.waitFor((s) => s.calls.every((c) => c.status === 'ended'), { what: 'ended' });
}

// A profile of our own, kept across the browser restart at the end.
const profile = mkdtempSync(join(tmpdir(), 'callbridge-calllog-'));

beforeAll(async () => {
  pbx = await startPbx();
  server = await startStaticServer({ '/customer': CUSTOMER_DIR });
  ext = await ExtensionSession.launch({ userDataDir: profile });
  (await ext.configureAccount(accountFor(pbx, '1001'), { country: 'RU' })).close();
  await ext.waitForRegistered();
  customer = await openCustomer(ext.context, {
    baseUrl: server.url,
    wsUrl: pbx.wsUrl,
    user: pbx.trunkUser,
    password: pbx.users[pbx.trunkUser]!,
  });
  await customer.register();
  popup = await ext.open('popup.html');
  await popup.setViewportSize({ width: 380, height: 640 });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  await pbx?.dispose();
  rmSync(profile, { recursive: true, force: true });
});

describe('Chromium: missed calls and callbacks', () => {
  it('lists an unanswered call as missed, with a badge and a missed-call notification', async () => {
    await unansweredCall(6_000);
    await expect.poll(() => badge(), { timeout: 10_000 }).toBe('1');
    await expect
      .poll(async () =>
        (await ext.notifications()).filter((n) => n.startsWith('callbridge-missed:')),
      )
      .toHaveLength(1);

    await popup.click('.tab-missed');
    const item = popup.locator(`.missed-item.open[data-number="${CALLER}"]`);
    await item.waitFor();
    await expect(item.locator('.tag.short').count()).resolves.toBe(0);
    await popup.screenshot({ path: resolve(SHOTS, 'popup-missed.png') });
  });

  it('survives a stopped service worker between steps', async () => {
    await ext.stopServiceWorker();
    await popup.reload();
    await popup.click('.tab-missed');
    await popup.locator(`.missed-item.open[data-number="${CALLER}"]`).waitFor();
    await expect.poll(() => badge(), { timeout: 10_000 }).toBe('1');
  });

  it('sets a reminder in 10 minutes as a real alarm', async () => {
    const before = Date.now();
    await popup.click(`.missed-item[data-number="${CALLER}"] .remind button[data-minutes="10"]`);
    await expect
      .poll(async () => (await alarms()).filter((a) => a.name.startsWith('callbridge-task:')))
      .toHaveLength(1);
    const [alarm] = (await alarms()).filter((a) => a.name.startsWith('callbridge-task:'));
    expect(alarm!.scheduledTime).toBeGreaterThanOrEqual(before + 10 * 60_000 - 1000);
    expect(alarm!.scheduledTime).toBeLessThanOrEqual(Date.now() + 10 * 60_000 + 1000);
    await popup.click('.tab-tasks');
    await popup.locator('.task-item').waitFor();
    await popup.screenshot({ path: resolve(SHOTS, 'popup-tasks.png') });
  });

  it('reminds when due; "Call now" calls back, which marks the missed call and the task done', async () => {
    const [alarm] = (await alarms()).filter((a) => a.name.startsWith('callbridge-task:'));
    await hook('fireAlarm', alarm!.name);
    let reminder = '';
    await expect
      .poll(async () => {
        reminder =
          (await ext.notifications()).find((n) => n.startsWith('callbridge-reminder:')) ?? '';
        return reminder;
      })
      .not.toBe('');

    const since = Date.now();
    await hook('clickReminderButton', reminder, 0);
    const incoming = await customer.waitForEvent('incoming', since);
    expect((incoming.detail as { to: string }).to).toBe(CALLER);
    await customer.answer();
    await ext.waitFor((s) => s.calls.some((c) => c.status === 'active'), { what: 'call back up' });
    await customer.hangup();
    await ext.waitFor((s) => s.calls.every((c) => c.status === 'ended'), { what: 'ended' });

    await popup.click('.tab-missed');
    await popup.locator(`.missed-item.resolved[data-number="${CALLER}"] .called-back`).waitFor();
    await popup.click('.tab-tasks');
    await popup.locator('.task-list .task-item').waitFor({ state: 'detached' });
    await expect.poll(() => badge(), { timeout: 10_000 }).toBe('');
    await popup.click('.tab-history');
    await popup.screenshot({ path: resolve(SHOTS, 'popup-history.png') });
  });

  it('keeps a caller who hung up after 2 s as a missed call flagged short', async () => {
    await unansweredCall(2_000, '+74957654321');
    await popup.click('.tab-missed');
    await popup.locator('.missed-item.open[data-number="+74957654321"] .tag.short').waitFor();
  });

  it('keeps missed calls and tasks across a browser restart, and shows a reminder that came due while closed', async () => {
    await hook('createCallbackAt', '+74957654321', Date.now() + 3_000);
    await ext.close();
    await sleep(5_000);
    ext = await ExtensionSession.launch({ userDataDir: profile });
    // The reminder was due while the browser was closed: shown at start.
    await expect
      .poll(
        async () => (await ext.notifications()).some((n) => n.startsWith('callbridge-reminder:')),
        {
          timeout: 15_000,
        },
      )
      .toBe(true);
    popup = await ext.open('popup.html?view=missed');
    await popup.locator(`.missed-item[data-number="${CALLER}"]`).waitFor();
    await popup.locator('.missed-item.open[data-number="+74957654321"]').waitFor();
    await popup.click('.tab-tasks');
    await popup.locator('.task-item').waitFor();
  });

  it('renders the statistics page', async () => {
    // A month of a busy line, as a team lead would look at it (the log's own seeding helper).
    await hook('seedCalls', 600);
    const stats = await ext.open('stats.html');
    await stats.locator('svg').first().waitFor();
    // Every weekday has calls, and the widest bar's label fits inside the chart.
    await expect.poll(() => stats.locator('.stats-bars .bar').count()).toBe(7);
    const fits = await stats.evaluate(() => {
      const svg = document.querySelector('.stats-bars')!.getBoundingClientRect();
      return [...document.querySelectorAll('.stats-bars text.value')].every(
        (t) => t.getBoundingClientRect().right <= svg.right + 0.5,
      );
    });
    expect(fits).toBe(true);
    await stats.screenshot({ path: resolve(SHOTS, 'statistics.png'), fullPage: true });
    await stats.close();
  });
});
