/**
 * Softphone timings in the built extension (Chromium, test build) against the development PBX:
 *   dial → INVITE seen at Kamailio            (popup command → first INVITE arrives at the PBX)
 *   INVITE → notification shown               (PBX receives the customer's INVITE → desktop
 *                                              notification created by the background)
 *   service worker stopped → registered again (worker stopped → a popup gets "registered" back)
 * Each is the median of several runs; run with `npm run bench` (or directly with tsx).
 */
import { CUSTOMER_DIR, buildCustomer } from '../tests/harness/build-customer';
import { openCustomer } from '../tests/harness/customer-page';
import { ExtensionSession, accountFor } from '../tests/harness/extension';
import { startPbx } from '../tests/harness/pbx';
import { startStaticServer } from '../tests/harness/static-server';

const ROUNDS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await buildCustomer();
const pbx = await startPbx();
const server = await startStaticServer({ '/customer': CUSTOMER_DIR });
const ext = await ExtensionSession.launch();
try {
  (await ext.configureAccount(accountFor(pbx, '1001'))).close();
  await ext.waitForRegistered();
  const customer = await openCustomer(ext.context, {
    baseUrl: server.url,
    wsUrl: pbx.wsUrl,
    user: pbx.trunkUser,
    password: pbx.users[pbx.trunkUser]!,
  });
  await customer.register();

  /** The PBX's arrival time (epoch ms) of the newest new-call INVITE from `from` to `to`. */
  const inviteSeenAt = async (from: string, to: string, after: number): Promise<number> => {
    for (let i = 0; i < 100; i++) {
      const re = new RegExp(
        `PBX RECV INVITE from=${from.replace('+', '\\+')} to=${to.replace('+', '\\+')} callid=\\S+ ts=(\\d+\\.\\d+)`,
        'g',
      );
      const times = [...pbx.log().matchAll(re)].map((m) => Math.round(Number(m[1]) * 1000));
      const t = times.filter((x) => x >= after - 5).pop();
      if (t) return t;
      await sleep(20);
    }
    throw new Error(
      `INVITE not seen in the PBX log:\n${pbx
        .log()
        .split('\n')
        .filter((l) => l.includes('PBX'))
        .slice(-8)
        .join('\n')}`,
    );
  };
  const noLiveCall = () => ext.waitFor((s) => s.calls.every((c) => c.status === 'ended'));

  const dialMs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = Date.now();
    const r = await ext.command({ type: 'dial', target: '+74951234567' });
    if (!r.ok) throw new Error(`dial failed: ${JSON.stringify(r)}`);
    dialMs.push((await inviteSeenAt('1001', '+74951234567', t0)) - t0);
    await customer.waitForEvent('incoming', t0);
    await customer.decline(486);
    await noLiveCall();
  }

  const notifyMs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = Date.now();
    await customer.call('1001', { fromUser: '+74951234567' });
    const id = (await ext.waitForNotification()).replace('callbridge-call:', '');
    const seen = await inviteSeenAt('+74951234567', '1001', t0);
    const shown = (await ext.notificationRecords())[id]!.shownAt;
    notifyMs.push(shown - seen);
    await customer.hangup();
    await noLiveCall();
  }

  const swMs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await ext.stopServiceWorker();
    const t0 = Date.now();
    await ext.waitForRegistered(10_000);
    swMs.push(Date.now() - t0);
  }

  console.log(`softphone dial to INVITE at PBX: ${median(dialMs)} ms`);
  console.log(`softphone INVITE to notification shown: ${median(notifyMs)} ms`);
  console.log(`softphone service worker stopped to registered again: ${median(swMs)} ms`);
} finally {
  await ext.close();
  await server.close();
  await pbx.dispose();
}
