/**
 * Firefox ESR for end-to-end tests, with the built Firefox extension installed, driven through
 * puppeteer-core and WebDriver BiDi.
 *
 * - Always /usr/bin/firefox-esr from Debian (no browser downloads on this network), headless, a
 *   fresh profile per launch, removed on close; the browser is stopped by its PID.
 * - The extension is installed with BiDi's `webExtension.install` (puppeteer's
 *   `browser.installExtension(dir)`), as a temporary add-on from the unpacked build.
 * - BiDi refuses to open moz-extension:// pages, so the background is driven from a plain page
 *   on http://127.0.0.1 (tests/harness/bridge/) through the test-only content script
 *   entrypoints/test-bridge.content.ts and the test-only protocol in lib/test-hooks.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { buildExtension, ROOT } from './extension';
import type { CallMediaStats } from '../../lib/sip/stats';
import type { CommandResult, PhoneCommand, PhoneSnapshot, SipAccount } from '../../lib/sip/types';
import type { TestBridgeProtocol } from '../../lib/test-hooks';

export const FIREFOX_PATH = '/usr/bin/firefox-esr';
export const FIREFOX_PRODUCTION_BUILD = resolve(ROOT, '.output/firefox-mv2');
/** Served by the test's static server under /bridge/. */
export const BRIDGE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'bridge');

/** The gecko id of the Firefox build (wxt.config.ts). */
export const EXTENSION_ID = 'callbridge@callbridge.dev';
/**
 * Firefox gives every installed extension a random moz-extension:// UUID; the tests fix it (pref
 * `extensions.webextensions.uuids`) so that they can name the extension's origin.
 */
export const EXTENSION_UUID = '7e3c1b52-5d7a-4c43-9a0e-2f6f0c9b1a11';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/**
 * Media without hardware, and WebRTC that works on this machine:
 * - fake audio devices;
 * - real host addresses in ICE candidates instead of random `*.local` mDNS names, which the
 *   other browser cannot resolve on a closed network. (Firefox never gathers 127.0.0.1, with or
 *   without `media.peerconnection.ice.loopback`; its host candidate is the machine's own
 *   interface address, which is local traffic all the same.)
 * The extension's background page may autoplay by default
 * (`media.autoplay.allow-extension-background-pages`), so no autoplay pref is needed.
 */
export const FIREFOX_PREFS: Readonly<Record<string, unknown>> = {
  'media.navigator.streams.fake': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'extensions.webextensions.uuids': JSON.stringify({ [EXTENSION_ID]: EXTENSION_UUID }),
  // Quiet, fast, offline: no first-run pages, no update or telemetry traffic.
  'app.update.disabledForTesting': true,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
};

/**
 * How getUserMedia is decided: always by Firefox's real permission checks, with the microphone
 * permission granted to `grantedTo` up front (through `permissions.manager.defaultsUrl`), as if
 * the user had allowed it in the options page and ticked "Remember this decision". The default
 * grants the extension's origin, which is what the options page's "Allow microphone" leaves.
 *
 * There is deliberately no way to set `media.navigator.permission.disabled` here: it makes every
 * request privileged — even from the background page, which Firefox otherwise always refuses —
 * and so once hid that no call could start in a real Firefox.
 */
export interface MicrophoneAccess {
  grantedTo: readonly string[];
}

const GRANTED_TO_EXTENSION: MicrophoneAccess = { grantedTo: [EXTENSION_ORIGIN] };

/**
 * The address Firefox will offer as its ICE host candidate. Firefox never offers 127.0.0.1, so a
 * call needs another local IPv4 address (the other end reaches it over loopback all the same).
 * Throws, saying what to do, on a machine whose only interface is loopback.
 */
export function firefoxHostAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    const found = list?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  throw new Error(
    'Firefox offers no 127.0.0.1 ICE candidates, so its calls need a non-loopback IPv4 ' +
      'interface and this machine has none. Run the tests in a network namespace with a veth ' +
      'pair: bash scripts/in-netns.sh npm test',
  );
}

export interface LaunchFirefoxOptions {
  /** A built, unpacked Firefox extension (e.g. .output/firefox-mv2-test) to install. */
  extensionDir?: string;
  /** Default: granted to the extension's origin. */
  microphone?: MicrophoneAccess;
  /** Extra preferences, over FIREFOX_PREFS. */
  prefs?: Record<string, unknown>;
}

export interface LaunchedFirefox {
  browser: Browser;
  pid: number;
  /** The add-on id of the installed extension (its gecko id). */
  extensionId?: string;
  close(): Promise<void>;
}

export async function launchFirefox(opts: LaunchFirefoxOptions = {}): Promise<LaunchedFirefox> {
  const profile = mkdtempSync(join(tmpdir(), 'callbridge-firefox-'));
  const microphone = opts.microphone ?? GRANTED_TO_EXTENSION;
  // Firefox's default-permissions file: "origin <TAB> type <TAB> value <TAB> origin" per line.
  const file = join(profile, 'callbridge-permissions.txt');
  writeFileSync(file, microphone.grantedTo.map((o) => `origin\tmicrophone\t1\t${o}\n`).join(''));
  const mediaPrefs: Record<string, unknown> = {
    'media.navigator.permission.disabled': false,
    'permissions.manager.defaultsUrl': pathToFileURL(file).href,
  };
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      userDataDir: profile,
      extraPrefsFirefox: { ...FIREFOX_PREFS, ...(opts.prefs ?? {}), ...mediaPrefs },
      // Puppeteer's own SIGINT/SIGTERM handlers would fight vitest's; we close explicitly.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const pid = browser.process()?.pid;
  if (pid === undefined) {
    await browser.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
    throw new Error('Firefox started without a process id');
  }
  // Firefox is spawned detached, so it leads a process group with its content processes.
  const onProcessExit = (): void => {
    signalGroup(pid, 'SIGKILL');
    rmSync(profile, { recursive: true, force: true });
  };
  process.once('exit', onProcessExit);

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      await Promise.race([browser.close().catch(() => undefined), sleep(10_000)]);
      if (!(await waitUntil(() => !alive(pid), 5_000))) {
        signalGroup(pid, 'SIGKILL');
        await waitUntil(() => !alive(pid), 5_000);
      }
      process.removeListener('exit', onProcessExit);
      rmSync(profile, { recursive: true, force: true });
    })());

  if (!opts.extensionDir) return { browser, pid, close };
  try {
    const extensionId = await browser.installExtension(resolve(opts.extensionDir));
    return { browser, pid, extensionId, close };
  } catch (error) {
    await close();
    throw new Error(`installing ${opts.extensionDir} failed: ${String(error)}`, { cause: error });
  }
}

type BridgeOp = keyof TestBridgeProtocol extends `test-bridge:${infer Op}` ? Op : never;

/**
 * The Firefox test build installed in Firefox ESR, driven through the bridge page: the same
 * operations as ExtensionSession (tests/harness/extension.ts) offers for Chromium.
 */
export class FirefoxExtensionSession {
  private constructor(
    readonly firefox: LaunchedFirefox,
    readonly bridge: Page,
  ) {}

  /**
   * Builds (unless CALLBRIDGE_PREBUILT=1) and installs the Firefox test build, then opens the
   * bridge page at `bridgeUrl` (a page on http://127.0.0.1 serving tests/harness/bridge/).
   */
  static async launch(opts: {
    bridgeUrl: string;
    microphone?: MicrophoneAccess;
  }): Promise<FirefoxExtensionSession> {
    const dir = buildExtension('firefox');
    const firefox = await launchFirefox({
      extensionDir: dir,
      microphone: opts.microphone ?? GRANTED_TO_EXTENSION,
    });
    try {
      const bridge = await firefox.browser.newPage();
      await bridge.goto(opts.bridgeUrl);
      await bridge.waitForFunction(
        () => document.documentElement.dataset.callbridgeTestBridge === 'ready',
        { timeout: 15_000 },
      );
      return new FirefoxExtensionSession(firefox, bridge);
    } catch (error) {
      await firefox.close();
      throw error;
    }
  }

  get browser(): Browser {
    return this.firefox.browser;
  }

  /** One request through the content-script bridge; throws what the background threw. */
  async request<T>(op: BridgeOp, data?: unknown, timeoutMs = 15_000): Promise<T> {
    const reply = await this.bridge.evaluate(
      (o: string, d: unknown, ms: number) =>
        new Promise<{ res?: unknown; err?: { message?: string } }>((resolveReply, reject) => {
          const id = Math.floor(Math.random() * 1e9);
          const onMessage = (event: MessageEvent<unknown>): void => {
            const m = event.data as { callbridgeTestReply?: number } | null;
            if (event.source !== window || m?.callbridgeTestReply !== id) return;
            window.removeEventListener('message', onMessage);
            clearTimeout(timer);
            resolveReply(m as { res?: unknown; err?: { message?: string } });
          };
          const timer = setTimeout(() => {
            window.removeEventListener('message', onMessage);
            reject(new Error(`test bridge: no answer to ${o} within ${ms} ms`));
          }, ms);
          window.addEventListener('message', onMessage);
          window.postMessage({ callbridgeTest: o, id, data: d }, window.location.origin);
        }),
      op,
      data ?? null,
      timeoutMs,
    );
    if (reply.err) throw new Error(`${op}: ${reply.err.message ?? JSON.stringify(reply.err)}`);
    return reply.res as T;
  }

  /** Saves the account through the background's validation, as the options page would. */
  async configureAccount(account: SipAccount): Promise<void> {
    const r = await this.request<{ ok: boolean; errors?: unknown }>('configure', account);
    if (!r.ok) throw new Error(`account refused: ${JSON.stringify(r.errors)}`);
  }

  snapshot(): Promise<PhoneSnapshot> {
    return this.request<PhoneSnapshot>('snapshot');
  }

  stats(): Promise<CallMediaStats[]> {
    return this.request<CallMediaStats[]>('stats');
  }

  command(cmd: PhoneCommand): Promise<CommandResult> {
    return this.request<CommandResult>('command', cmd);
  }

  /** getUserMedia in the background page itself (Firefox refuses it, whatever was granted). */
  backgroundCapture(): Promise<{ ok: true } | { ok: false; name: string; message: string }> {
    return this.request('background-capture');
  }

  /** The ids of the notifications shown so far (headless Firefox closes them at once). */
  notificationsShown(): Promise<string[]> {
    return this.request<string[]>('notifications');
  }

  /** Clicks a notification (Firefox shows no buttons: a click opens the call window). */
  clickNotification(id: string): Promise<void> {
    return this.request<void>('click-notification', id);
  }

  /** The call window's id while it is open, else null. */
  callWindow(): Promise<number | null> {
    return this.request<number | null>('call-window', 'get');
  }

  /** Closes the call window as the user's × would; resolves with its id (null: none open). */
  closeCallWindow(): Promise<number | null> {
    return this.request<number | null>('call-window', 'close');
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
      await sleep(100);
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

  async close(): Promise<void> {
    await this.firefox.close();
  }
}

/**
 * `web-ext lint` on the production Firefox build (AMO's validator), warnings counted as errors.
 * Builds it first unless CALLBRIDGE_PREBUILT=1 and it exists. Returns the text report; throws
 * with the report when the lint fails.
 */
export function lintFirefoxProductionBuild(): string {
  if (
    process.env.CALLBRIDGE_PREBUILT !== '1' ||
    !existsSync(join(FIREFOX_PRODUCTION_BUILD, 'manifest.json'))
  ) {
    execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: ROOT, stdio: 'pipe' });
  }
  try {
    return execFileSync(
      'npx',
      [
        'web-ext',
        'lint',
        '--source-dir',
        FIREFOX_PRODUCTION_BUILD,
        '--self-hosted',
        '--warnings-as-errors',
        '--output',
        'text',
      ],
      { cwd: ROOT, stdio: 'pipe', encoding: 'utf8' },
    );
  } catch (error) {
    const out = error as { stdout?: string; stderr?: string };
    throw new Error(`web-ext lint failed:\n${out.stdout ?? ''}${out.stderr ?? ''}`, {
      cause: error,
    });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    // Already gone.
  }
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
