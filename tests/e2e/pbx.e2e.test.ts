/**
 * Smoke test of the test harness itself, without the extension: the development PBX, the static
 * server, Chromium and two customer phones calling each other with real WebRTC media.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_DIR } from '../harness/build-customer';
import { launchChromium, type LaunchedChromium } from '../harness/browser';
import { openCustomer, type CustomerPage } from '../harness/customer-page';
import { groupMembers, startPbx, type Pbx } from '../harness/pbx';
import { startStaticServer, type StaticServer } from '../harness/static-server';

const CALLER_NUMBER = '+74951234567';
const DIALLED_NUMBER = '+79161234567';

describe('development PBX with two customer phones', () => {
  const ourGroups: number[] = [];
  let pbx: Pbx;
  let server: StaticServer;
  let chromium: LaunchedChromium;
  let agent: CustomerPage; // user 1002, standing in for the extension
  let customer: CustomerPage; // user 2000, the customer phone / PSTN trunk

  beforeAll(async () => {
    pbx = await startPbx();
    if (pbx.pid) ourGroups.push(pbx.pid);
    server = await startStaticServer({ '/customer/': CUSTOMER_DIR });
    chromium = await launchChromium({});
    const common = { baseUrl: server.url, wsUrl: pbx.wsUrl, domain: pbx.domain };
    agent = await openCustomer(chromium.context, {
      ...common,
      user: '1002',
      password: pbx.users['1002'] ?? '',
      autoRegister: false,
    });
    customer = await openCustomer(chromium.context, {
      ...common,
      user: pbx.trunkUser,
      password: pbx.users[pbx.trunkUser] ?? '',
      autoRegister: false,
    });
  });

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    await pbx?.dispose();
    for (const pgid of ourGroups) expect(groupMembers(pgid)).toEqual([]);
    // Other test runs may have their own Kamailio on this machine at the same time: look only
    // for processes started with this PBX's work directory.
    if (pbx) expect(pgrep(pbx.workdir)).toEqual([]);
  });

  it('registers an agent and the customer phone with digest authentication', async () => {
    await Promise.all([agent.register(), customer.register()]);
    const dump = JSON.stringify(await pbx.rpc('ul.dump'));
    expect(dump).toContain('"AoR":"1002"');
    expect(dump).toContain(`"AoR":"${pbx.trunkUser}"`);
    expect(pbx.countInLog(/PBX REGISTER user=1002 auth=1002 result=ok/)).toBe(1);
  });

  it('connects a call from a PSTN number to an agent, with media, hold, DTMF and hang-up', async () => {
    const t0 = Date.now();
    await customer.call('1002', { fromUser: CALLER_NUMBER });
    const incoming = await agent.waitForEvent('incoming', t0);
    expect(incoming.detail).toMatchObject({ from: CALLER_NUMBER, to: '1002' });

    await agent.answer();
    await customer.waitForEvent('confirmed', t0);
    expect((await agent.state()).call).toBe('established');

    // Media flows both ways: the inbound byte counters grow on both phones.
    await expect
      .poll(async () => (await agent.stats()).pcState, { timeout: 10_000 })
      .toBe('connected');
    const [agentBefore, customerBefore] = await Promise.all([agent.stats(), customer.stats()]);
    await new Promise((r) => setTimeout(r, 1200));
    const [agentAfter, customerAfter] = await Promise.all([agent.stats(), customer.stats()]);
    expect(agentAfter.inboundAudioBytes).toBeGreaterThan(agentBefore.inboundAudioBytes);
    expect(customerAfter.inboundAudioBytes).toBeGreaterThan(customerBefore.inboundAudioBytes);
    expect(customerAfter.outboundAudioBytes).toBeGreaterThan(0);

    // Hold from the customer reaches the agent as a re-INVITE that stops sending to it.
    const tHold = Date.now();
    await customer.hold();
    const held = await agent.waitForEvent('reinvite', tHold);
    expect(['sendonly', 'inactive']).toContain((held.detail as { direction: string }).direction);
    const tUnhold = Date.now();
    await customer.unhold();
    const resumed = await agent.waitForEvent('reinvite', tUnhold);
    expect((resumed.detail as { direction: string }).direction).toBe('sendrecv');
    expect((await agent.state()).reinvites).toBe(2);

    // DTMF as SIP INFO, relayed in-dialog through the PBX.
    await customer.sendDtmf('123', 'INFO');
    await expect.poll(async () => (await agent.state()).dtmf, { timeout: 10_000 }).toBe('123');

    const tEnd = Date.now();
    await agent.hangup();
    await Promise.all([agent.waitForEvent('ended', tEnd), customer.waitForEvent('ended', tEnd)]);
    expect(
      pbx.countInLog(/PBX ROUTE INVITE from=\+74951234567 to=1002 dialled=1002 target=user/),
    ).toBe(1);
  });

  it('routes a call to an unregistered phone number to the customer phone (PSTN emulation)', async () => {
    const t0 = Date.now();
    await agent.call(DIALLED_NUMBER);
    const incoming = await customer.waitForEvent('incoming', t0);
    expect(incoming.detail).toMatchObject({ from: '1002', to: DIALLED_NUMBER });
    expect((await customer.state()).dialled).toBe(DIALLED_NUMBER);

    await customer.decline(486);
    const failed = await agent.waitForEvent('failed', t0);
    expect(failed.detail).toMatchObject({ status: 486 });
    expect(pbx.log()).toContain(`dialled=${DIALLED_NUMBER} target=pstn`);

    // Only the trunk may present another caller number; an agent that tries is refused.
    const t1 = Date.now();
    await agent.call(DIALLED_NUMBER, { fromUser: CALLER_NUMBER });
    const refused = await agent.waitForEvent('failed', t1);
    expect(refused.detail).toMatchObject({ status: 403 });
    expect(
      pbx.countInLog(/PBX AUTH INVITE from=\+74951234567 .* auth=1002 result=from_mismatch/),
    ).toBe(1);
  });

  it('rejects a wrong password and logs the failed REGISTER', async () => {
    const wrong = await openCustomer(chromium.context, {
      baseUrl: server.url,
      wsUrl: pbx.wsUrl,
      user: '1003',
      password: 'not-the-password',
      autoRegister: false,
    });
    const error = await wrong.register().then(
      () => undefined,
      (e: unknown) => String(e),
    );
    expect(error).toMatch(/registration failed: (401|403)/);
    const failed = await wrong.waitForEvent('registrationFailed');
    expect([401, 403]).toContain((failed.detail as { status?: number }).status);
    expect(pbx.countInLog(/PBX REGISTER user=1003 auth=1003 result=bad_password/)).toBe(1);
    // JsSIP gives up after one failed attempt: no more REGISTERs from 1003 in the next seconds.
    const attempts = pbx.countInLog(/PBX REGISTER user=1003 /);
    await new Promise((r) => setTimeout(r, 2000));
    expect(pbx.countInLog(/PBX REGISTER user=1003 /)).toBe(attempts);
    await wrong.page.close();
  });

  it('survives a PBX crash: restarted on the same port, the phones register again by themselves', async () => {
    const port = pbx.port;
    const t0 = Date.now();
    await pbx.kill();
    await Promise.all([
      agent.waitForEvent('disconnected', t0),
      customer.waitForEvent('disconnected', t0),
    ]);

    await pbx.restart();
    if (pbx.pid) ourGroups.push(pbx.pid);
    expect(pbx.port).toBe(port);
    // The agent page is left alone (JsSIP reconnects and registers by itself); the customer is
    // asked to register at once, which must wait for the reconnection instead of failing.
    await customer.register();
    await agent.waitForEvent('registered', t0, 30_000);

    // The restarted PBX relays calls to the re-registered phones.
    const t1 = Date.now();
    await customer.call('1002', { fromUser: CALLER_NUMBER });
    await agent.waitForEvent('incoming', t1);
    await agent.decline(486);
    const failed = await customer.waitForEvent('failed', t1);
    expect(failed.detail).toMatchObject({ status: 486 });
  });
});

/** PIDs of live kamailio processes whose command line contains `pattern` (pgrep -f). */
function pgrep(pattern: string): number[] {
  try {
    const out = execFileSync('pgrep', ['-f', '-r', 'R,S,D,T', `^kamailio .*${pattern}`], {
      encoding: 'utf8',
    });
    return out.split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits with 1 when nothing matches.
  }
}
