/**
 * The Firefox build end to end: the test build installed in a real Firefox ESR (puppeteer-core,
 * WebDriver BiDi), its persistent background page registered at a real Kamailio and calling a
 * real second SIP phone (the customer page, in Chromium) with real WebRTC media. Also: the
 * production Firefox build passes `web-ext lint`.
 *
 * The extension is driven through a test page and the test-only content-script bridge (see
 * tests/harness/firefox.ts): BiDi cannot open moz-extension:// pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type LaunchedChromium } from '../harness/browser';
import { CUSTOMER_DIR } from '../harness/build-customer';
import { openCustomer, type CustomerPage } from '../harness/customer-page';
import { accountFor } from '../harness/extension';
import {
  BRIDGE_DIR,
  EXTENSION_ID,
  EXTENSION_ORIGIN,
  FirefoxExtensionSession,
  firefoxHostAddress,
  lintFirefoxProductionBuild,
} from '../harness/firefox';
import { startPbx, type Pbx } from '../harness/pbx';
import { startStaticServer, type StaticServer } from '../harness/static-server';
import type { CallView, PhoneSnapshot } from '../../lib/sip/types';

let pbx: Pbx;
let server: StaticServer;

const live = (s: PhoneSnapshot): CallView | undefined => s.calls.find((c) => c.status !== 'ended');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bridgeUrl = () => `${server.url}/bridge/`;

beforeAll(async () => {
  pbx = await startPbx();
  server = await startStaticServer({ '/customer': CUSTOMER_DIR, '/bridge': BRIDGE_DIR });
});

afterAll(async () => {
  await server?.close();
  await pbx?.dispose();
});

describe('Firefox ESR: the extension', () => {
  let ext: FirefoxExtensionSession;
  let chromium: LaunchedChromium;
  let customer: CustomerPage;

  async function waitForCallStatus(status: CallView['status']): Promise<CallView> {
    const snap = await ext.waitFor((s) => live(s)?.status === status, { what: `a call ${status}` });
    return live(snap)!;
  }

  beforeAll(async () => {
    firefoxHostAddress(); // fails fast, with advice, where Firefox could not make a call
    [ext, chromium] = await Promise.all([
      FirefoxExtensionSession.launch({ bridgeUrl: bridgeUrl() }),
      launchChromium(),
    ]);
    customer = await openCustomer(chromium.context, {
      baseUrl: server.url,
      wsUrl: pbx.wsUrl,
      user: pbx.trunkUser,
      password: pbx.users[pbx.trunkUser]!,
    });
    await customer.register();
  });

  afterAll(async () => {
    await ext?.close();
    await chromium?.close();
  });

  it('is installed and its background answers through the test bridge', async () => {
    expect(ext.firefox.extensionId).toBe(EXTENSION_ID);
    const snap = await ext.snapshot();
    expect(snap.registration.status).toBe('unconfigured');
  });

  it('registers with the account saved', async () => {
    await ext.configureAccount(accountFor(pbx, '1001'));
    const snap = await ext.waitForRegistered();
    expect(snap.registration).toMatchObject({ status: 'registered', aor: 'sip:1001@127.0.0.1' });
  });

  it('completes an outgoing call: the customer answers, media flows, the hang-up ends both', async () => {
    const since = Date.now();
    const dial = await ext.command({ type: 'dial', target: '+74951234567' });
    expect(dial).toMatchObject({ ok: true });
    const callId = dial.ok ? dial.callId : undefined;

    const incoming = await customer.waitForEvent('incoming', since);
    expect(incoming.detail).toMatchObject({ to: '+74951234567', from: '1001' });
    await waitForCallStatus('ringing');

    await customer.answer();
    const call = await waitForCallStatus('active');
    expect(call).toMatchObject({ id: callId, direction: 'outgoing', remoteNumber: '+74951234567' });

    // Audio arrives at both ends, and keeps arriving.
    const first = (await ext.stats())[0];
    const c1 = await customer.stats();
    await sleep(1500);
    const second = (await ext.stats())[0];
    const c2 = await customer.stats();
    expect(second?.connectionState).toBe('connected');
    expect(c2.pcState).toBe('connected');
    expect(second!.inboundAudioBytes).toBeGreaterThan(first!.inboundAudioBytes);
    expect(second!.outboundAudioBytes).toBeGreaterThan(first!.outboundAudioBytes);
    expect(c2.inboundAudioBytes).toBeGreaterThan(c1.inboundAudioBytes);

    const hangupAt = Date.now();
    expect(await ext.command({ type: 'hangup', callId: call.id })).toEqual({ ok: true });
    await customer.waitForEvent('ended', hangupAt);
    const done = await ext.waitFor((s) => !live(s), { what: 'no live call' });
    expect(done.calls.find((c) => c.id === call.id)?.end).toMatchObject({
      reason: 'hangup',
      by: 'local',
    });
    expect((await customer.state()).call).toBe('ended');
  });
});

describe('Firefox ESR: the microphone without the test-only bypass', () => {
  let ext: FirefoxExtensionSession;

  beforeAll(async () => {
    ext = await FirefoxExtensionSession.launch({
      bridgeUrl: bridgeUrl(),
      microphone: { grantedTo: [EXTENSION_ORIGIN] },
    });
    await ext.configureAccount(accountFor(pbx, '1002'));
    await ext.waitForRegistered();
  });

  afterAll(async () => {
    await ext?.close();
  });

  // KNOWN PRODUCT BUG, pinned here so that it cannot go unnoticed. Firefox denies getUserMedia
  // to every extension background page, whatever the user granted ("Recording from background
  // pages is considered too sensitive and will always be denied": browser/actors/
  // WebRTCParent.sys.mjs, prompt()). The Firefox build captures the microphone in its background
  // page (lib/sip/in-process-link.ts → host.ts → media.ts), so in a real Firefox no call can
  // start or be answered. The test above passes only because of
  // `media.navigator.permission.disabled`. When the capture moves to a page Firefox lets record
  // (an extension tab or window), this test fails: then make it expect a call.
  it('is refused in the background page even with the permission granted to the extension', async () => {
    const dial = await ext.command({ type: 'dial', target: '+74951234567' });
    expect(dial).toMatchObject({ ok: false, error: 'microphone-denied' });
  });
});

describe('Firefox production build', () => {
  it('passes web-ext lint with no errors, warnings or notices', () => {
    const report = lintFirefoxProductionBuild();
    expect(report).toMatch(/errors\s+0/);
    expect(report).toMatch(/warnings\s+0/);
    expect(report).toMatch(/notices\s+0/);
  });
});
