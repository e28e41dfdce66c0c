/**
 * The softphone end to end: the built extension in Chromium, registered at a real Kamailio over
 * WebSocket, calling and called by a real second SIP phone (the customer page), with real WebRTC
 * media on loopback. Screenshots land in artifacts/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_DIR } from '../harness/build-customer';
import { openCustomer, type CustomerPage } from '../harness/customer-page';
import { ExtensionSession, ROOT, accountFor } from '../harness/extension';
import { startPbx, type Pbx } from '../harness/pbx';
import { startStaticServer, type StaticServer } from '../harness/static-server';
import type { CallView, PhoneSnapshot } from '../../lib/sip/types';

const SHOTS = resolve(ROOT, 'artifacts/screenshots');
mkdirSync(SHOTS, { recursive: true });

let pbx: Pbx;
let server: StaticServer;
let ext: ExtensionSession;
let customer: CustomerPage;
let popup: Page;

// A failed test must not leave a call up for the next one.
async function endAllCalls(): Promise<void> {
  const state = (await customer.state()).call;
  if (state !== 'idle' && state !== 'ended') await customer.hangup();
  for (const call of (await ext.snapshot()).calls.filter((c) => c.status !== 'ended'))
    await ext.command({ type: 'hangup', callId: call.id });
  await waitForNoLiveCall();
}

/** The registrar's bindings for `aor` that are not expired or deleted (Kamailio ul.dump). */
function liveContacts(dump: unknown, aor: string): number {
  type Dump = {
    Domains: Array<{
      Domain: {
        AoRs: Array<{
          Info: { AoR: string; Contacts: Array<{ Contact: { Expires: number | string } }> };
        }>;
      };
    }>;
  };
  const aors = (dump as Dump).Domains.flatMap((d) => d.Domain.AoRs).filter(
    (a) => a.Info.AoR === aor,
  );
  return aors.flatMap((a) => a.Info.Contacts).filter((c) => typeof c.Contact.Expires === 'number')
    .length;
}

const live = (s: PhoneSnapshot): CallView | undefined => s.calls.find((c) => c.status !== 'ended');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForCallStatus(
  status: CallView['status'],
  timeoutMs = 15_000,
): Promise<CallView> {
  const snap = await ext.waitFor((s) => live(s)?.status === status, {
    timeoutMs,
    what: `a call ${status}`,
  });
  return live(snap)!;
}

async function waitForNoLiveCall(): Promise<PhoneSnapshot> {
  return ext.waitFor((s) => !live(s), { what: 'no live call' });
}

/** Both ends see audio arriving, and it keeps arriving. */
async function expectMediaFlows(): Promise<void> {
  const first = (await ext.stats())[0];
  const c1 = await customer.stats();
  await sleep(1200);
  const second = (await ext.stats())[0];
  const c2 = await customer.stats();
  expect(second?.connectionState).toBe('connected');
  expect(c2.pcState).toBe('connected');
  expect(second!.inboundAudioBytes).toBeGreaterThan(first!.inboundAudioBytes);
  expect(c2.inboundAudioBytes).toBeGreaterThan(c1.inboundAudioBytes);
}

beforeAll(async () => {
  pbx = await startPbx();
  server = await startStaticServer({ '/customer': CUSTOMER_DIR });
  ext = await ExtensionSession.launch();
  // Russian sales team: numbers without + are Russian.
  const options = await ext.configureAccount(accountFor(pbx, '1001'), { country: 'RU' });
  await ext.waitForRegistered();
  await options.screenshot({ path: resolve(SHOTS, 'options.png'), fullPage: true });
  await options.close();
  customer = await openCustomer(ext.context, {
    baseUrl: server.url,
    wsUrl: pbx.wsUrl,
    user: pbx.trunkUser,
    password: pbx.users[pbx.trunkUser]!,
    // The customer offers no telephone-event, so our DTMF must fall back to SIP INFO, which the
    // customer page can observe (in-band RFC 4733 events are invisible to a browser).
    stripTelephoneEvent: true,
  });
  await customer.register();
  popup = await ext.open('popup.html');
  await popup.setViewportSize({ width: 360, height: 640 });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  await pbx?.dispose();
});

describe('Chromium: outgoing call', () => {
  it('registers, dials a typed number, and the customer answers with media both ways', async () => {
    await popup.locator('.status-text[data-status="registered"]').waitFor();
    await popup.screenshot({ path: resolve(SHOTS, 'popup-idle.png') });

    const since = Date.now();
    // Typed the way a salesperson copies it from an e-mail: national format with brackets.
    await popup.fill('.dial-input', '8 (916) 123-45-67');
    await popup.click('.call-button');
    const incoming = await customer.waitForEvent('incoming', since);
    expect(incoming.detail).toMatchObject({ to: '+79161234567', from: '1001' });
    await waitForCallStatus('ringing');

    await customer.answer();
    const call = await waitForCallStatus('active');
    expect(call.direction).toBe('outgoing');
    expect(call.remoteNumber).toBe('+79161234567');
    await expectMediaFlows();
    await popup.locator('.call[data-status="active"]').waitFor();
    await popup.screenshot({ path: resolve(SHOTS, 'popup-in-call.png') });
  });

  it('puts the call on hold and back: the customer sees re-INVITEs', async () => {
    let since = Date.now();
    await popup.click('.call[data-status="active"] button.hold');
    const hold = await customer.waitForEvent('reinvite', since);
    expect((hold.detail as { direction: string }).direction).toMatch(/sendonly|inactive/);
    await waitForCallStatus('held');

    since = Date.now();
    await popup.click('.call[data-status="held"] button.hold');
    const unhold = await customer.waitForEvent('reinvite', since);
    expect((unhold.detail as { direction: string }).direction).toBe('sendrecv');
    await waitForCallStatus('active');
  });

  it('sends DTMF digits that arrive at the customer', async () => {
    await popup.click('.call[data-status="active"] button.keypad-toggle');
    for (const key of ['1', '2', '3', '#']) await popup.click(`.dtmf .key[data-key="${key}"]`);
    await expect.poll(async () => (await customer.state()).dtmf, { timeout: 10_000 }).toBe('123#');
    await expect.poll(async () => live(await ext.snapshot())?.dtmfSent).toBe('123#');
  });

  it('hangs up from the popup, and the customer sees the BYE', async () => {
    const since = Date.now();
    await popup.click('.call[data-status="active"] button.hangup');
    await customer.waitForEvent('ended', since);
    const snap = await waitForNoLiveCall();
    expect(snap.calls[0]?.end).toMatchObject({ reason: 'hangup', by: 'local' });
  });

  it('ends when the customer hangs up', async () => {
    const since = Date.now();
    const r = await ext.command({ type: 'dial', target: '+74951234567' });
    expect(r.ok).toBe(true);
    await customer.waitForEvent('incoming', since);
    await customer.answer();
    await waitForCallStatus('active');
    await customer.hangup();
    const snap = await waitForNoLiveCall();
    expect(snap.calls.find((c) => c.id === r.callId)?.end).toMatchObject({
      reason: 'hangup',
      by: 'remote',
    });
  });
});

describe('Chromium: incoming call', () => {
  afterEach(endAllCalls);

  it('notifies with the caller number and answers from the notification button', async () => {
    await customer.call('1001', { fromUser: '+74951234567' });
    const id = await ext.waitForNotification();
    const callId = id.replace('callbridge-call:', '');
    const records = await ext.notificationRecords();
    expect(records[callId]?.text).toBe('+7 495 123 45 67');
    await popup.locator('.call[data-status="incoming"]').waitFor();
    await popup.screenshot({ path: resolve(SHOTS, 'popup-ringing.png') });
    // The ringtone plays in the phone host, with no tab focused.
    expect((await ext.snapshot()).ringtone).toBe(true);

    await ext.clickNotificationButton(id, 0);
    await waitForCallStatus('active');
    expect((await ext.snapshot()).ringtone).toBe(false);
    await customer.waitForEvent('confirmed');
    await expectMediaFlows();
    // Answered: the notification is gone.
    await expect.poll(() => ext.notifications()).toEqual([]);
    await customer.hangup();
    await waitForNoLiveCall();
  });

  it('answers from the popup', async () => {
    const since = Date.now();
    await customer.call('1001', { fromUser: '+380441234567' });
    await popup.click('.call[data-status="incoming"] button.answer');
    const call = await waitForCallStatus('active');
    expect(call.remoteNumber).toBe('+380441234567');
    await customer.waitForEvent('confirmed', since);
    await expectMediaFlows();
    await popup.click('.call[data-status="active"] button.hangup');
    await waitForNoLiveCall();
  });

  it('declines with 603 and answers busy with 486', async () => {
    let since = Date.now();
    await customer.call('1001', { fromUser: '+74951234567' });
    await popup.click('.call[data-status="incoming"] button.decline');
    let failed = await customer.waitForEvent('failed', since);
    expect((failed.detail as { status?: number }).status).toBe(603);
    await waitForNoLiveCall();

    since = Date.now();
    await customer.call('1001', { fromUser: '+74951234567' });
    await popup.click('.call[data-status="incoming"] button.busy');
    failed = await customer.waitForEvent('failed', since);
    expect((failed.detail as { status?: number }).status).toBe(486);
    await waitForNoLiveCall();
  });

  it('declines from the notification button', async () => {
    const since = Date.now();
    await customer.call('1001', { fromUser: '+74951234567' });
    const id = await ext.waitForNotification();
    await ext.clickNotificationButton(id, 1);
    const failed = await customer.waitForEvent('failed', since);
    expect((failed.detail as { status?: number }).status).toBe(603);
    await waitForNoLiveCall();
  });
});

describe('Chromium: transfer', () => {
  let colleague: CustomerPage;

  beforeAll(async () => {
    // Agent 1002, a colleague's phone that answers at once.
    colleague = await openCustomer(ext.context, {
      baseUrl: server.url,
      wsUrl: pbx.wsUrl,
      user: '1002',
      password: pbx.users['1002']!,
      autoAnswer: true,
    });
    await colleague.register();
  });

  afterAll(async () => {
    await colleague?.page.close();
  });

  afterEach(async () => {
    for (const phone of [customer, colleague]) {
      const state = (await phone.state()).call;
      if (state !== 'idle' && state !== 'ended') await phone.hangup();
    }
    await endAllCalls();
  });

  async function callCustomer(): Promise<string> {
    const since = Date.now();
    const r = await ext.command({ type: 'dial', target: '+74951234567' });
    await customer.waitForEvent('incoming', since);
    await customer.answer();
    await waitForCallStatus('active');
    return r.callId!;
  }

  it('blind: the customer is sent to the colleague and our leg ends', async () => {
    const callId = await callCustomer();
    const since = Date.now();
    expect(await ext.command({ type: 'blind-transfer', callId, target: '1002' })).toMatchObject({
      ok: true,
    });
    const refer = await customer.waitForEvent('refer', since);
    expect(refer.detail).toMatchObject({ target: '1002', replaces: false });
    await colleague.waitForEvent('confirmed', since);
    const snap = await ext.waitFor(
      (s) => s.calls.find((c) => c.id === callId)?.status === 'ended',
      {
        what: 'our leg ended',
      },
    );
    expect(snap.calls.find((c) => c.id === callId)?.end?.reason).toBe('transferred');
    // The customer now talks to the colleague.
    await expect.poll(async () => (await colleague.stats()).inboundAudioBytes).toBeGreaterThan(0);
  });

  it('attended: hold the customer, consult the colleague, then connect them', async () => {
    const callId = await callCustomer();
    const since = Date.now();
    await ext.command({ type: 'hold', callId, on: true });
    const consult = await ext.command({ type: 'dial', target: '1002' });
    await colleague.waitForEvent('confirmed', since);
    await ext.waitFor((s) => s.calls.find((c) => c.id === consult.callId)?.status === 'active', {
      what: 'consultation up',
    });
    expect(
      await ext.command({
        type: 'attended-transfer',
        callId,
        consultCallId: consult.callId!,
      }),
    ).toMatchObject({ ok: true });
    const refer = await customer.waitForEvent('refer', since);
    expect(refer.detail).toMatchObject({ target: '1002', replaces: true });
    // The colleague's phone takes the customer's INVITE with Replaces in place of our call.
    await colleague.waitForEvent('replacing', since);
    await ext.waitFor((s) => s.calls.every((c) => c.status === 'ended'), {
      what: 'both legs ended',
    });
    await expect
      .poll(async () => (await colleague.state()).call, { timeout: 10_000 })
      .toBe('established');
  });
});

describe('Chromium: resilience', () => {
  afterEach(endAllCalls);

  it('registers again within 5 s after Kamailio is killed and restarted, and the next call works', async () => {
    await pbx.kill();
    await ext.waitFor((s) => s.registration.status !== 'registered', { what: 'registration lost' });
    await popup.locator('.alert.bad[data-error]').waitFor();
    const restarted = Date.now();
    await pbx.restart();
    await customer.register();
    await ext.waitForRegistered(5_000);
    const took = Date.now() - restarted;
    expect(took).toBeLessThan(5_000);

    const since = Date.now();
    const r = await ext.command({ type: 'dial', target: '+74951234567' });
    expect(r).toMatchObject({ ok: true });
    await customer.waitForEvent('incoming', since);
    await customer.answer();
    await waitForCallStatus('active');
    await expectMediaFlows();
    await customer.hangup();
    await waitForNoLiveCall();
  });

  it('keeps the registration and a ringing call when the service worker is stopped', async () => {
    await ext.stopServiceWorker();
    // The registrar still has the binding: the phone lives in the offscreen document.
    const snap = await ext.waitForRegistered(3_000);
    expect(snap.registration.failures).toBe(0);

    const since = Date.now();
    await customer.call('1001', { fromUser: '+74951234567' });
    // The offscreen document wakes the stopped worker, which shows the notification.
    await ext.stopServiceWorker();
    const id = await ext.waitForNotification();
    expect(id).toMatch(/^callbridge-call:/);
    await ext.stopServiceWorker();
    await popup.reload();
    await popup.click('.call[data-status="incoming"] button.answer');
    await waitForCallStatus('active');
    await customer.waitForEvent('confirmed', since);
    await expectMediaFlows();
    await customer.hangup();
    await waitForNoLiveCall();
  });

  it('recreates the phone when the offscreen document dies, with one registration', async () => {
    const worker = await ext.worker();
    await worker.evaluate(() => chrome.offscreen.closeDocument());
    // Any request (here the popup's) brings the host back; the 30-second alarm would too.
    await ext.waitForRegistered(5_000);
    // Popup, options and control pages are open, the worker restarted several times: still one
    // live binding for 1001 at the registrar.
    await expect
      .poll(async () => liveContacts(await pbx.rpc('ul.dump'), '1001'), { timeout: 5_000 })
      .toBe(1);
  });

  it('still rings after 3 minutes idle', { timeout: 240_000 }, async () => {
    await ext.stopServiceWorker();
    await sleep(180_000);
    const since = Date.now();
    await customer.call('1001', { fromUser: '+74951234567' });
    await ext.waitForNotification(10_000);
    await waitForCallStatus('incoming');
    await customer.hangup();
    await customer.waitForEvent('failed', since);
    const snap = await waitForNoLiveCall();
    expect(snap.calls[0]?.end?.reason).toBe('canceled');
  });
});
