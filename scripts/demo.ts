/**
 * The demo: a development PBX (Kamailio on loopback), the extension built and pre-configured for
 * agent 1001, a "customer phone" page that calls 1001 and takes calls from it, and demo CRM
 * pages (the saved vTiger 8.2 pages on 127.0.0.1, retailCRM pages on localhost) with
 * click-to-call on.
 *
 * With a display (DISPLAY set) it opens Chromium and waits for you: press Ctrl+C to stop.
 * Without one it runs a scripted walk-through headless, prints what happened and saves
 * screenshots in artifacts/demo/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright';
import { launchChromium } from '../tests/harness/browser';
import { CUSTOMER_DIR, buildCustomer } from '../tests/harness/build-customer';
import { CRM_FIXTURE_ROOTS, vtigerFixtureRoutes } from '../tests/harness/crm-fixtures';
import { openCustomer, customerUrl } from '../tests/harness/customer-page';
import { ROOT } from '../tests/harness/extension';
import { startPbx } from '../tests/harness/pbx';
import { startStaticServer } from '../tests/harness/static-server';

const OUT = resolve(ROOT, 'artifacts/demo');
const started = Date.now();
const say = (msg: string) =>
  console.log(`[demo +${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

async function main(): Promise<void> {
  const headed = Boolean(process.env.DISPLAY) && process.env.CALLBRIDGE_DEMO_HEADLESS !== '1';
  say('building the customer phone page');
  await buildCustomer();
  say('starting the development PBX (Kamailio)');
  const pbx = await startPbx();
  say(`PBX up: ${pbx.wsUrl}, users ${Object.keys(pbx.users).join(', ')} (log: ${pbx.logPath})`);
  const server = await startStaticServer(
    { '/customer': CUSTOMER_DIR, ...CRM_FIXTURE_ROOTS },
    { rewrite: vtigerFixtureRoutes },
  );
  const vtigerList = `${server.url}/vtiger/index.php?module=Contacts&view=List`;
  const retailOrders = `http://localhost:${server.port}/retailcrm/orders-list.html`;

  const preset = {
    wsUrl: pbx.wsUrl,
    sipUri: `sip:1001@${pbx.domain}`,
    authUser: '1001',
    password: pbx.users['1001'],
    displayName: 'Agent 1001',
  };
  say('building the extension, pre-configured for agent 1001');
  execFileSync('npx', ['wxt', 'build', '--mode', 'demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      WXT_CALLBRIDGE_PRESET: JSON.stringify({
        account: preset,
        defaultCountry: 'RU',
        crmHosts: [
          { host: '127.0.0.1', crm: 'vtiger' },
          { host: 'localhost', crm: 'retailcrm' },
        ],
      }),
      WXT_CALLBRIDGE_LOOPBACK: '1',
    },
    stdio: 'pipe',
  });
  const browser = await launchChromium({
    extensionDir: resolve(ROOT, '.output/chrome-mv3-demo'),
    headless: !headed,
  });
  const id = browser.extensionId!;
  const ctx = browser.context;
  const cleanup = async () => {
    await browser.close();
    await server.close();
    await pbx.dispose();
  };

  try {
    const customerOpts = {
      baseUrl: server.url,
      wsUrl: pbx.wsUrl,
      user: pbx.trunkUser,
      password: pbx.users[pbx.trunkUser]!,
    };
    const customer = await openCustomer(ctx, customerOpts);
    await customer.register();
    const popup = await ctx.newPage();
    await popup.setViewportSize({ width: 360, height: 640 });
    await popup.goto(`chrome-extension://${id}/popup.html`);
    await popup.locator('.status-text[data-status="registered"]').waitFor({ timeout: 15_000 });
    say('the extension registered as 1001');

    if (headed) {
      console.log(`
  Callbridge demo is running.
    Extension popup:  chrome-extension://${id}/popup.html  (also behind the toolbar icon)
    Customer phone:   ${customerUrl(customerOpts)}
    Demo vTiger CRM:  ${vtigerList}
    Demo retailCRM:   ${retailOrders}
  Try: click a phone number in the demo CRM pages, or dial 8 (916) 123-45-67 in the popup: the
  PBX routes every phone number to the customer phone. In the customer page, call 1001 from
  +74951234567 (Ivan Petrov in the vTiger demo) — the notification names him.
  Press Ctrl+C to stop.`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      return;
    }

    mkdirSync(OUT, { recursive: true });
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: resolve(OUT, `${name}.png`) });
    await shot(popup, '1-popup-registered');

    say('the customer (+7 495 123-45-67) calls 1001');
    await customer.call('1001', { fromUser: '+74951234567' });
    await popup.locator('.call[data-status="incoming"]').waitFor();
    const worker = ctx.serviceWorkers().find((w) => w.url().includes(id));
    const notifications = async () =>
      worker
        ? Object.keys(
            (await worker.evaluate(
              () => new Promise((resolve) => chrome.notifications.getAll(resolve)),
            )) as Record<string, boolean>,
          )
        : [];
    let notes = await notifications();
    for (let i = 0; i < 30 && notes.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      notes = await notifications();
    }
    say(`the extension rings: ${notes.length} desktop notification(s), the popup shows the caller`);
    await shot(popup, '2-popup-ringing');
    await popup.click('.call[data-status="incoming"] button.answer');
    await popup.locator('.call[data-status="active"]').waitFor();
    say('answered from the popup; talking for 3 seconds');
    await new Promise((r) => setTimeout(r, 3000));
    await shot(popup, '3-popup-in-call');
    await popup.click('.call[data-status="active"] button.hangup');
    await customer.waitForEvent('ended');
    say('hung up');

    say('the agent dials 8 (916) 123-45-67 from the popup');
    const since = Date.now();
    await popup.fill('.dial-input', '8 (916) 123-45-67');
    await popup.click('.call-button');
    const incoming = await customer.waitForEvent('incoming', since);
    say(`the customer phone rings: dialled ${String((incoming.detail as { to?: string }).to)}`);
    await customer.answer();
    await popup.locator('.call[data-status="active"]').waitFor();
    say('connected; talking for 2 seconds');
    await new Promise((r) => setTimeout(r, 2000));
    const stats = await customer.stats();
    say(`the customer received ${stats.inboundAudioBytes} bytes of audio from the extension`);
    await customer.hangup();
    say('the customer hung up');
    await popup.locator('.call[data-status="active"]').waitFor({ state: 'detached' });

    say('the demo vTiger CRM: its contacts list, with a call control beside every phone number');
    const crm = await ctx.newPage();
    await crm.setViewportSize({ width: 1280, height: 900 });
    await crm.goto(vtigerList);
    // Controls go in near the viewport: bring the list into view, as a user scrolling would.
    await crm.locator('tr.listViewEntries').first().scrollIntoViewIfNeeded();
    await crm.locator('callbridge-call').first().waitFor({ state: 'attached', timeout: 20_000 });
    const controls = await crm.locator('callbridge-call').count();
    await crm
      .locator('table.listview-table')
      .screenshot({ path: resolve(OUT, '4-vtiger-list.png') });
    say(`${controls} numbers on the list can be called with one click`);
    const clickedAt = Date.now();
    const box = await crm.locator('callbridge-call').first().boundingBox();
    if (!box) throw new Error('no call control on the list');
    await crm.mouse.click(box.x + 2 + 8, box.y + box.height / 2);
    const rang = await customer.waitForEvent('incoming', clickedAt);
    say(
      `clicked Ivan Petrov's number: the customer phone rings (${String((rang.detail as { to?: string }).to)})`,
    );
    await customer.answer();
    await popup.locator('.call[data-status="active"]').waitFor();
    await customer.hangup();
    await popup.locator('.call[data-status="active"]').waitFor({ state: 'detached' });

    // The page reports the names beside its numbers to the caller-ID cache in batches.
    await new Promise((r) => setTimeout(r, 2_000));
    say('Hans Müller (+49 30 1234567) calls; the vTiger list showed his number');
    await customer.call('1001', { fromUser: '+49301234567' });
    await popup.locator('.call[data-status="incoming"] .call-name').waitFor();
    await popup
      .locator('.call[data-status="incoming"] .call-name', { hasText: 'Hans' })
      .waitFor({ timeout: 5_000 })
      .catch(() => undefined);
    say(
      `the popup shows: ${await popup.locator('.call[data-status="incoming"] .call-name').textContent()}`,
    );
    await shot(popup, '5-popup-ringing-crm-name');
    // The vTiger tab is the one in front: its call card shows the call (and no notification).
    await new Promise((r) => setTimeout(r, 500));
    await shot(crm, '6-vtiger-call-card');
    say('the vTiger tab shows the call card, bottom-right');
    await popup.click('.call[data-status="incoming"] button.decline');
    say(`screenshots saved in ${OUT}`);
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  console.error('[demo] failed:', err);
  process.exit(1);
});
