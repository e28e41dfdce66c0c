/**
 * The in-page call card end to end (issue 4, item 3): the built extension in Chromium, two tabs
 * on the saved vTiger pages served from 127.0.0.1 (enabled as a vTiger CRM through the settings
 * page), a real Kamailio, and the customer phone (user 2000) calling the agent (1001).
 *
 * The card lives in a closed shadow root, which page scripts — and so Playwright's selectors —
 * cannot enter. The test reads it the way DevTools does, through the DevTools protocol's DOM
 * domain with `pierce: true`, and presses its buttons with real (trusted) mouse clicks and key
 * presses at the positions the protocol reports.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_DIR } from '../harness/build-customer';
import { cdp, readCards, type CardButton, type CardsInfo } from '../harness/call-card';
import { addCrmHost, removeCrmHost, revealAll } from '../harness/crm-pages';
import type { CustomerPage } from '../harness/customer-page';
import { ExtensionSession, ROOT } from '../harness/extension';
import { launchAgentAndCustomer } from '../harness/agent';
import { startPbx, type Pbx } from '../harness/pbx';
import { startStaticServer, type StaticServer } from '../harness/static-server';

const SHOTS = resolve(ROOT, 'artifacts/screenshots');
mkdirSync(SHOTS, { recursive: true });

const IVAN = '+74951234567'; // "Ivan Petrov" on contacts-list.html
const STRANGER = '+380441234567';
const CALLS_DB = 'callbridge'; // lib/calls/db.ts CALLS_DB_NAME
const HTML_NAME = '<img src=x onerror=alert(1)>';

let pbx: Pbx;
let server: StaticServer;
let ext: ExtensionSession;
let customer: CustomerPage;
let vtigerBase: string;
let tabA: Page;
let tabB: Page;
const dialogs: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function button(page: Page, cls: string): Promise<CardButton> {
  const { cards } = await readCards(page);
  const found = cards.flatMap((c) => c.buttons).find((b) => b.cls.split(' ').includes(cls));
  if (!found) throw new Error(`no card button .${cls}`);
  return found;
}

/** A person's click on a card button (trusted, at its on-screen position). */
async function press(page: Page, cls: string): Promise<void> {
  const { id } = await button(page, cls);
  const { model } = (await (await cdp(page)).send('DOM.getBoxModel', { backendNodeId: id })) as {
    model: { border: number[] };
  };
  const [x1, y1, , , x3, y3] = model.border as [number, number, number, number, number, number];
  await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
}

async function waitForCards(
  page: Page,
  check: (info: CardsInfo) => boolean,
  what: string,
  timeout = 15_000,
): Promise<CardsInfo> {
  let last: CardsInfo | undefined;
  try {
    await expect
      .poll(
        async () => {
          last = await readCards(page);
          return check(last);
        },
        { timeout, interval: 200 },
      )
      .toBe(true);
  } catch (error) {
    throw new Error(`${what}: ${JSON.stringify(last)}`, { cause: error });
  }
  return last!;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.bringToFront();
  await sleep(300); // the card's entry animation (160 ms)
  await page.screenshot({ path: resolve(SHOTS, name) });
}

// ---- set-up ---------------------------------------------------------------------------------

async function openFixture(name: string): Promise<Page> {
  const page = await ext.context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${vtigerBase}/${name}`, { waitUntil: 'load' });
  return page;
}

/** The caller-ID cache (IndexedDB in the background) holds the contact for `number`. */
async function cachedName(number: string): Promise<unknown> {
  const worker = await ext.worker();
  return worker.evaluate(
    (n) =>
      new Promise<unknown>((resolve) => {
        const open = indexedDB.open('callbridge-caller-id');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('contacts')) return resolve(undefined);
          const get = db.transaction('contacts').objectStore('contacts').get(n);
          get.onsuccess = () => {
            resolve((get.result as { name?: string } | undefined)?.name);
            db.close();
          };
          get.onerror = () => resolve(undefined);
        };
        open.onerror = () => resolve(undefined);
      }),
    number,
  );
}

async function noLiveCall(): Promise<void> {
  await ext.waitFor((s) => s.calls.every((c) => c.status === 'ended'), { what: 'no live call' });
}

beforeAll(async () => {
  pbx = await startPbx();
  server = await startStaticServer({
    '/customer': CUSTOMER_DIR,
    '/vtiger': resolve(ROOT, 'adapters/vtiger/fixtures'),
  });
  vtigerBase = `${server.url}/vtiger`;
  ({ ext, customer } = await launchAgentAndCustomer(pbx, server.url));
  await addCrmHost(ext, '127.0.0.1', 'vtiger');
  tabA = await openFixture('contacts-list.html');
  tabB = await openFixture('contact-detail-full.html');
  // The saved pages have no stylesheets: their top is a long unstyled menu. Show the CRM data
  // behind the card in the screenshots.
  await tabB.evaluate(() => document.querySelector('.detailview-table')?.scrollIntoView());
  // The list shows Ivan Petrov next to his number: the adapter puts him in the caller-ID cache.
  // (A plain loop: expect.poll belongs inside tests.)
  for (let start = Date.now(); (await cachedName(IVAN)) !== 'Ivan Petrov';) {
    if (Date.now() - start > 20_000) throw new Error('Ivan Petrov never reached the cache');
    await revealAll(tabA);
    await sleep(500);
  }
  await tabA.evaluate(() => document.querySelector('#listview-table')?.scrollIntoView());
}, 180_000);

afterAll(async () => {
  await ext?.close();
  await server?.close();
  await pbx?.dispose();
});

// ---- the tests ------------------------------------------------------------------------------

describe('Chromium: the in-page call card', () => {
  it('appears in both CRM tabs with the caller, collapses after ~20 s, expands per tab, and closes everywhere', async () => {
    expect((await readCards(tabA)).present).toBe(false); // nothing on the page without a call
    await customer.call('1001', { fromUser: IVAN });
    const ringing = (info: CardsInfo) =>
      info.cards.length === 1 && info.cards[0]!.phase === 'ringing';
    const a = await waitForCards(tabA, ringing, 'card in tab A');
    const appeared = Date.now();
    const b = await waitForCards(tabB, ringing, 'card in tab B', 3000);
    for (const info of [a, b]) {
      expect(info.parent).toBe('html'); // outside the CRM's markup
      expect(info.cards[0]).toMatchObject({
        view: 'expanded',
        name: 'Ivan Petrov',
        number: '+7 495 123 45 67',
        phaseText: 'Incoming call',
      });
      expect(info.cards[0]!.buttons.map((x) => x.text || x.label)).toEqual([
        'Minimise',
        'Close',
        'Open in CRM',
        'Answer',
        'Decline',
        '10 min',
        '30 min',
        '60 min',
      ]);
    }
    await shot(tabA, 'card-vtiger-ringing-expanded.png');

    // Still ringing (the PBX lets it ring 60 s): both collapse ~20 s after it appeared.
    const collapsed = (info: CardsInfo) => info.cards[0]?.view === 'collapsed';
    await sleep(15_000);
    expect((await readCards(tabA)).cards[0]?.view).toBe('expanded');
    await waitForCards(tabA, collapsed, 'tab A collapsed', 10_000);
    const after = Date.now() - appeared;
    expect(after).toBeGreaterThan(17_000);
    expect(after).toBeLessThan(23_000);
    const stripB = await waitForCards(tabB, collapsed, 'tab B collapsed', 2000);
    expect(stripB.cards[0]).toMatchObject({ name: 'Ivan Petrov', phaseText: 'Incoming call' });
    await shot(tabA, 'card-vtiger-ringing-collapsed.png');

    // The caller gives up: a missed call, in both tabs, still a strip.
    await customer.hangup();
    await noLiveCall();
    const missed = (info: CardsInfo) =>
      info.cards[0]?.phase === 'missed' && info.cards[0].view === 'collapsed';
    await waitForCards(tabA, missed, 'missed strip in A');
    await waitForCards(tabB, missed, 'missed strip in B');
    await shot(tabA, 'card-vtiger-missed-collapsed.png');

    // A click on the strip expands it in this tab only.
    await press(tabA, 'expand');
    const expandedA = await waitForCards(
      tabA,
      (info) => info.cards[0]?.view === 'expanded',
      'tab A expanded',
    );
    expect(expandedA.cards[0]!.phaseText).toMatch(/^Missed call · \d\d?:\d\d/);
    expect(expandedA.cards[0]!.buttons.map((x) => x.text || x.label)).toEqual([
      'Minimise',
      'Close',
      'Open in CRM',
      'Call back',
      '10 min',
      '30 min',
      '60 min',
    ]);
    expect((await readCards(tabB)).cards[0]!.view).toBe('collapsed');

    // Call back in 10 min: a callback task.
    await press(tabA, 'small'); // the first of the 10 / 30 / 60 buttons
    await waitForCards(
      tabA,
      (info) => info.cards[0]?.note === 'Reminder set: call back in 10 min.',
      'reminder note',
    );
    const tasks = await (
      await ext.worker()
    ).evaluate(
      (db) =>
        new Promise<unknown[]>((resolve, reject) => {
          const open = indexedDB.open(db);
          open.onsuccess = () => {
            const all = open.result.transaction('tasks').objectStore('tasks').getAll();
            all.onsuccess = () => resolve(all.result as unknown[]);
            all.onerror = () => reject(all.error);
          };
          open.onerror = () => reject(open.error);
        }),
      CALLS_DB,
    );
    expect(tasks).toContainEqual(
      expect.objectContaining({
        number: IVAN,
        name: 'Ivan Petrov',
        origin: 'card',
        contactUrl: `${vtigerBase}/index.php?module=Contacts&view=Detail&record=5&app=MARKETING`,
        callId: expect.any(String),
      }),
    );
    const alarms = await (await ext.worker()).evaluate(() => chrome.alarms.getAll());
    expect(alarms.some((alarm) => alarm.name.startsWith('callbridge-task:'))).toBe(true);
    await shot(tabA, 'card-vtiger-missed-expanded.png');

    // Call back: the number is dialled.
    const since = Date.now();
    await press(tabA, 'call-back');
    const incoming = await customer.waitForEvent('incoming', since, 20_000);
    expect((incoming.detail as { to: string }).to).toBe(IVAN);
    await customer.hangup();
    await noLiveCall();

    // The cross in tab A closes the card in tab B too.
    await press(tabA, 'close');
    await waitForCards(tabA, (info) => !info.present, 'gone in A', 3000);
    await waitForCards(tabB, (info) => !info.present, 'gone in B', 5000);
  }, 120_000);

  it('shows a caller name with markup as text, declines from the card, and Escape closes it everywhere', async () => {
    const since = Date.now();
    await customer.call('1001', { fromUser: STRANGER, fromDisplay: HTML_NAME });
    const ringing = (info: CardsInfo) => info.cards[0]?.phase === 'ringing';
    await waitForCards(tabA, ringing, 'card in A');
    const b = await waitForCards(tabB, ringing, 'card in B');
    expect(b.cards[0]).toMatchObject({ name: HTML_NAME, number: '+380 44 123 4567' });
    expect(b.images).toBe(0);
    await shot(tabB, 'card-vtiger-html-name.png');
    // The same card for a user whose system is in dark mode.
    await tabB.emulateMedia({ colorScheme: 'dark' });
    await shot(tabB, 'card-vtiger-html-name-dark.png');
    await tabB.emulateMedia({ colorScheme: null });

    await press(tabB, 'decline');
    await customer.waitForEvent('failed', since, 10_000);
    await noLiveCall();
    await waitForCards(tabB, (info) => info.cards[0]?.phase === 'declined', 'declined');
    await waitForCards(tabA, (info) => info.cards[0]?.phase === 'declined', 'declined in A');

    // Escape from a focused card button closes it, here and in the other tab.
    const { id } = await button(tabB, 'close');
    await tabB.bringToFront();
    await (await cdp(tabB)).send('DOM.focus', { backendNodeId: id });
    await tabB.keyboard.press('Escape');
    await waitForCards(tabB, (info) => !info.present, 'gone in B', 3000);
    await waitForCards(tabA, (info) => !info.present, 'gone in A', 5000);
    expect(dialogs).toEqual([]); // the name's onerror never ran
  }, 60_000);

  it('answers from the card: the state follows the call in every tab', async () => {
    const since = Date.now();
    await customer.call('1001', { fromUser: IVAN });
    await waitForCards(tabA, (info) => info.cards[0]?.phase === 'ringing', 'ringing in A');
    await press(tabA, 'answer');
    await customer.waitForEvent('confirmed', since, 15_000);
    for (const tab of [tabA, tabB]) {
      const talking = await waitForCards(
        tab,
        (info) => info.cards[0]?.phase === 'talking',
        'talking',
      );
      expect(talking.cards[0]!.phaseText).toBe('In call');
      // No Answer or Call back while talking; reminders stay.
      expect(talking.cards[0]!.buttons.map((x) => x.cls)).not.toContain('primary answer');
      expect(talking.cards[0]!.buttons.map((x) => x.cls)).not.toContain('primary call-back');
    }
    await customer.hangup();
    await noLiveCall();
    await waitForCards(tabB, (info) => info.cards[0]?.phase === 'ended', 'ended in B');
    const ended = await waitForCards(tabA, (info) => info.cards[0]?.phase === 'ended', 'ended');
    expect(ended.cards[0]!.phaseText).toMatch(/^Call ended · /);
    // The call window that Answer opened (it holds the call in Firefox) is not needed any more.
    for (const page of ext.context.pages())
      if (page.url().includes('popup.html')) await page.close();
    await press(tabA, 'close');
    await waitForCards(tabB, (info) => !info.present, 'gone in B', 5000);
  }, 60_000);

  it('outlives a restarted service worker, shows in a tab opened mid-call, and goes when the site is turned off', async () => {
    await customer.call('1001', { fromUser: IVAN });
    await waitForCards(tabA, (info) => info.cards[0]?.phase === 'ringing', 'card in A');
    // Chrome stops an idle worker at any time; the cards are in session storage.
    await ext.stopServiceWorker();
    const tabC = await openFixture('contact-detail.html');
    const c = await waitForCards(tabC, (info) => info.cards.length === 1, 'card in a new tab');
    expect(c.cards[0]).toMatchObject({ name: 'Ivan Petrov', phase: 'ringing' });
    await customer.hangup();
    await noLiveCall();
    for (const tab of [tabA, tabB, tabC])
      await waitForCards(tab, (info) => info.cards[0]?.phase === 'missed', 'missed');

    // Click-to-call turned off for the site: the card goes from every tab, with no trace.
    await removeCrmHost(ext, '127.0.0.1');
    for (const tab of [tabA, tabB, tabC])
      await waitForCards(tab, (info) => !info.present, 'gone with the site', 5000);
    await tabC.close();
  }, 60_000);
});
