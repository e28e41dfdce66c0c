/**
 * The demo: a development PBX (Kamailio on loopback), the extension built and pre-configured for
 * agent 1001, and a "customer phone" page that calls 1001 and takes calls from it.
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
  const server = await startStaticServer({ '/customer': CUSTOMER_DIR });

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
      WXT_CALLBRIDGE_PRESET: JSON.stringify({ account: preset, defaultCountry: 'RU' }),
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
  Try: in the customer page, call 1001 (a desktop notification appears; answer it), or in the popup
  dial 8 (916) 123-45-67: the PBX routes every phone number to the customer phone.
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
    const notes = worker
      ? Object.keys(
          (await worker.evaluate(
            () => new Promise((resolve) => chrome.notifications.getAll(resolve)),
          )) as Record<string, boolean>,
        )
      : [];
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
    say(`screenshots saved in ${OUT}`);
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  console.error('[demo] failed:', err);
  process.exit(1);
});
