import { hostMessaging } from './host-messaging';
import type { LinkEvents, PhoneLink } from './link';
import { logger } from '../log';

const log = logger('bg');
const OFFSCREEN_PATH = '/offscreen.html';

/**
 * Chrome: the phone lives in an offscreen document, because a service worker has neither
 * RTCPeerConnection nor getUserMedia, and because the document outlives the worker: Chrome
 * stops an idle worker after 30 s, while the offscreen document (reason WEB_RTC) stays until
 * closed. The document asks for its settings itself ('host:hello'), so a document recreated
 * after a crash comes back registered without the worker having to notice first.
 */
export function createOffscreenLink(events: LinkEvents): PhoneLink {
  let creating: Promise<void> | null = null;

  hostMessaging.onMessage('host:hello', () => events.loadConfig());
  hostMessaging.onMessage('host:changed', ({ data }) => events.changed(data));

  async function exists(): Promise<boolean> {
    const contexts = await chrome.runtime.getContexts({
      contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
      documentUrls: [chrome.runtime.getURL(OFFSCREEN_PATH)],
    });
    return contexts.length > 0;
  }

  async function ensure(): Promise<void> {
    if (await exists()) return;
    // Two events can race here (an alarm and a popup message); one document per extension.
    creating ??= chrome.offscreen
      .createDocument({
        url: OFFSCREEN_PATH,
        reasons: [
          chrome.offscreen.Reason.WEB_RTC,
          chrome.offscreen.Reason.USER_MEDIA,
          chrome.offscreen.Reason.CLIPBOARD,
        ],
        justification:
          'Keeps the SIP softphone (WebRTC calls, microphone, ringtone) running, and copies a number chosen on a page.',
      })
      .then(() => log('offscreen document created'))
      .finally(() => {
        creating = null;
      });
    await creating;
  }

  /** Runs a request to the host, creating it first and waiting out the moment before it listens. */
  async function withHost<T>(request: () => Promise<T>): Promise<T> {
    await ensure();
    for (let attempt = 0; ; attempt++) {
      try {
        return await request();
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        if (attempt >= 40 || !/Receiving end does not exist|No response/.test(msg)) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  return {
    ensure,
    configure: (config) => withHost(() => hostMessaging.sendMessage('host:configure', config)),
    command: (cmd) => withHost(() => hostMessaging.sendMessage('host:command', cmd)),
    snapshot: () => withHost(() => hostMessaging.sendMessage('host:snapshot')),
    testConnection: (account) =>
      withHost(() => hostMessaging.sendMessage('host:test-connection', account)),
    stats: () => withHost(() => hostMessaging.sendMessage('host:stats')),
    copyText: (text) => withHost(() => hostMessaging.sendMessage('host:copy', text)),
  };
}
