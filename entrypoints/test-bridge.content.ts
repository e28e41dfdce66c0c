import { browser } from 'wxt/browser';

/**
 * TEST BUILDS ONLY — wxt.config.ts drops this entrypoint unless `--mode test`, and it is built
 * for Firefox only. WebDriver BiDi cannot open moz-extension:// pages, so the Firefox
 * end-to-end test drives the background from a plain page on http://127.0.0.1 (see
 * tests/harness/firefox.ts). This script relays that page's requests to the background's
 * test-only protocol (lib/test-hooks.ts) and posts the answers back:
 *
 *   page → window.postMessage({ callbridgeTest: 'snapshot', id: 1, data }) →
 *   content script → runtime.sendMessage({ id, type: 'test-bridge:snapshot', data, timestamp })
 *   → background → { res } | { err } → window.postMessage({ callbridgeTestReply: 1, res, err })
 *
 * It knows nothing about the phone: the background checks the sender and validates every value.
 */
interface BridgeRequest {
  callbridgeTest: string;
  id: number;
  data?: unknown;
}

function isBridgeRequest(value: unknown): value is BridgeRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.callbridgeTest === 'string' &&
    /^[a-z-]{1,32}$/.test(v.callbridgeTest) &&
    typeof v.id === 'number'
  );
}

export default defineContentScript({
  matches: ['http://127.0.0.1/*'],
  include: ['firefox'],
  main() {
    const origin = window.location.origin;
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (event.source !== window || event.origin !== origin) return;
      const request = event.data;
      if (!isBridgeRequest(request)) return;
      const reply = (answer: { res?: unknown; err?: unknown }) =>
        window.postMessage(
          JSON.parse(JSON.stringify({ callbridgeTestReply: request.id, ...answer })) as unknown,
          origin,
        );
      browser.runtime
        .sendMessage({
          id: request.id,
          type: `test-bridge:${request.callbridgeTest}`,
          data: request.data,
          timestamp: Date.now(),
        })
        .then(
          (answer: unknown) =>
            reply(
              typeof answer === 'object' && answer !== null
                ? (answer as { res?: unknown; err?: unknown })
                : { err: { message: 'no answer from the background' } },
            ),
          (error: unknown) => reply({ err: { message: String(error) } }),
        );
    });
    // The page cannot see content-script globals, but it sees the DOM: say the bridge is up.
    document.documentElement.dataset.callbridgeTestBridge = 'ready';
  },
});
