/**
 * Chromium for end-to-end tests, optionally with the built extension loaded.
 *
 * Always /usr/bin/chromium from Debian: the machine has no network for Playwright's own browser
 * downloads. A fresh profile per launch, because headless permission denials are remembered in
 * the profile and would leak from one test into the next.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright';

export interface LaunchChromiumOptions {
  /** A built, unpacked extension (e.g. .output/chrome-mv3) to load. */
  extensionDir?: string;
  /** Default true. */
  headless?: boolean;
  /** A profile directory to use and keep; a temporary one is created and removed otherwise. */
  userDataDir?: string;
  /** Extra command-line flags. */
  args?: string[];
}

export interface LaunchedChromium {
  context: BrowserContext;
  /** The id of the loaded extension, from its service worker URL. */
  extensionId?: string;
  close(): Promise<void>;
}

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  // Grant microphone access without a prompt and feed a synthetic beep as the microphone.
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  // WebRTC ignores 127.0.0.1 candidates unless told otherwise; loopback is all the tests have.
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

export async function launchChromium(opts: LaunchChromiumOptions = {}): Promise<LaunchedChromium> {
  const ownProfile = opts.userDataDir === undefined;
  const profile = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'callbridge-chromium-'));
  const args = [...CHROMIUM_FLAGS, ...(opts.args ?? [])];
  if (opts.extensionDir) {
    const dir = resolve(opts.extensionDir);
    args.push(`--disable-extensions-except=${dir}`, `--load-extension=${dir}`);
  }

  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: opts.headless ?? true,
      args,
    });
  } catch (error) {
    if (ownProfile) rmSync(profile, { recursive: true, force: true });
    throw error;
  }

  const close = async (): Promise<void> => {
    await context.close().catch(() => undefined);
    if (ownProfile) rmSync(profile, { recursive: true, force: true });
  };

  let extensionId: string | undefined;
  if (opts.extensionDir) {
    try {
      const worker =
        context.serviceWorkers()[0] ??
        (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
      extensionId = new URL(worker.url()).host;
    } catch (error) {
      await close();
      throw new Error(`the extension's service worker did not start: ${String(error)}`, {
        cause: error,
      });
    }
  }

  return extensionId === undefined ? { context, close } : { context, extensionId, close };
}
