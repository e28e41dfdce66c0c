/**
 * Bad settings end to end: a wrong password is explained in the popup and the options page and
 * retried with backoff (Kamailio's log proves it is not a loop); malformed addresses are refused
 * with a message and nothing is saved.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtensionSession, ROOT, accountFor } from '../harness/extension';
import { startPbx, type Pbx } from '../harness/pbx';

const SHOTS = resolve(ROOT, 'artifacts/screenshots');
let pbx: Pbx;
let ext: ExtensionSession;

beforeAll(async () => {
  pbx = await startPbx();
  ext = await ExtensionSession.launch();
});

afterAll(async () => {
  await ext?.close();
  await pbx?.dispose();
});

describe('Chromium: bad input', () => {
  it('refuses a malformed WebSocket URL and SIP URI with a clear message and saves nothing', async () => {
    const options = await ext.configureAccount({
      ...accountFor(pbx, '1001'),
      wsUrl: 'http://127.0.0.1/ws',
      sipUri: '1001-at-pbx',
    });
    await expect(
      options.locator('.field-error[data-field="wsUrl"]').textContent(),
    ).resolves.toMatch(/ws:\/\/ or wss:\/\//);
    await expect(
      options.locator('.field-error[data-field="sipUri"]').textContent(),
    ).resolves.toMatch(/sip:1001@/);
    await expect(options.locator('.result[data-tone="bad"]').textContent()).resolves.toMatch(
      /Nothing was saved/,
    );
    await options.screenshot({ path: resolve(SHOTS, 'options-invalid.png'), fullPage: true });
    // Nothing reached the phone: it is still waiting for an account.
    expect((await ext.snapshot()).registration.status).toBe('unconfigured');
    await options.close();
  });

  it(
    'explains a wrong password and retries with backoff instead of looping',
    { timeout: 90_000 },
    async () => {
      const started = Date.now();
      const options = await ext.configureAccount(accountFor(pbx, '1001', 'not-the-password'));
      const snap = await ext.waitFor((s) => s.registration.error === 'auth-failed', {
        what: 'auth failure',
      });
      expect(snap.registration.status).toBe('waiting-retry');
      expect(snap.registration.retryAt).toBeGreaterThan(Date.now());

      // Options: the live status line and the connection test both name the failure.
      await expect(options.locator('.registration-now').textContent()).resolves.toMatch(
        /Wrong user name or password/,
      );
      await options.click('button.test-connection');
      await expect(options.locator('.result[data-tone="bad"]').textContent()).resolves.toMatch(
        /Test failed: Wrong user name or password/,
      );
      await options.screenshot({
        path: resolve(SHOTS, 'options-wrong-password.png'),
        fullPage: true,
      });

      const popup = await ext.open('popup.html');
      await popup.setViewportSize({ width: 360, height: 480 });
      await expect(
        popup.locator('.alert[data-error="auth-failed"]').textContent(),
      ).resolves.toMatch(/Wrong user name or password/);
      await popup.screenshot({ path: resolve(SHOTS, 'popup-wrong-password.png') });

      // Watch the registrar for 20 s: a loop would send dozens of REGISTERs; backoff sends 2–4
      // (the first attempt, then about 5 s and 10 s later).
      await new Promise((r) => setTimeout(r, Math.max(0, 20_000 - (Date.now() - started))));
      const attempts = pbx.countInLog(/PBX REGISTER user=1001 auth=1001 result=bad_password/);
      expect(attempts).toBeGreaterThanOrEqual(2);
      expect(attempts).toBeLessThanOrEqual(5);
      const later = await ext.snapshot();
      expect(later.registration.failures).toBeGreaterThanOrEqual(2);
    },
  );
});
