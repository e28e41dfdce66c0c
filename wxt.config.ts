import { defineConfig } from 'wxt';
import type { Plugin } from 'vite';
import preact from '@preact/preset-vite';

/** Entrypoints that exist only in `--mode test` builds (see each file for why). */
const TEST_ONLY_ENTRYPOINTS = new Set(['test-bridge']);

/**
 * Preact's renderer implements `dangerouslySetInnerHTML` with an `innerHTML` assignment, which
 * `web-ext lint` (AMO's validator) reports as UNSAFE_VAR_ASSIGNMENT in every build. Callbridge
 * never renders raw HTML (caller names and CRM text are untrusted), so the assignment is
 * replaced by an error: the capability is gone, not just hidden from the linter. If a Preact
 * upgrade changes the code, the build fails here instead of the lint failing later.
 */
function noDangerouslySetInnerHtml(): Plugin {
  const assignment = /\b([A-Za-z_$][\w$]*)\.innerHTML=([A-Za-z_$][\w$]*)\.__html\b/g;
  return {
    name: 'callbridge:no-dangerously-set-inner-html',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]preact[\\/]dist[\\/]preact\.(module\.js|mjs)$/.test(id)) return;
      const out = code.replace(
        assignment,
        '(()=>{throw new Error("dangerouslySetInnerHTML is not allowed in Callbridge")})()',
      );
      if (out === code) {
        throw new Error(`${id}: Preact's innerHTML assignment not found; update wxt.config.ts`);
      }
      return { code: out, map: null };
    },
  };
}

// The extension's shape: a background (service worker in Chrome, persistent page in Firefox),
// an offscreen document that owns the softphone in Chrome, the popup and the options page.
export default defineConfig({
  modules: ['@wxt-dev/i18n/module'],
  vite: (env) => ({
    plugins: [
      noDangerouslySetInnerHtml(),
      // Preact's devtools hook only in `wxt dev`: test and demo builds must measure and behave
      // like the production build.
      preact({ devToolsEnabled: env.mode === 'development' }),
    ],
  }),
  hooks: {
    // Test-only entrypoints never reach a production or development build.
    'entrypoints:found': (wxt, infos) => {
      if (wxt.config.mode === 'test') return;
      for (let i = infos.length - 1; i >= 0; i--) {
        if (TEST_ONLY_ENTRYPOINTS.has(infos[i]!.name)) infos.splice(i, 1);
      }
    },
  },
  manifest: ({ browser, mode }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: [
      'storage',
      'notifications',
      'alarms',
      // Click-to-call: the content script is registered at run time for the sites the user
      // enabled (lib/click-to-call/background.ts), and the context menu acts on numbers.
      'scripting',
      'contextMenus',
      // The context menu's "Copy number" writes from the extension's own document (Chrome's
      // offscreen document, Firefox's background page: lib/clipboard.ts), which this permission
      // lets write at any time. A CRM page cannot: its clipboard is closed on plain http, and
      // the right-click's user activation (5 s in Firefox) may have run out while the user read
      // the menu (tests/e2e/*click-to-call*.e2e.test.ts).
      'clipboardWrite',
      ...(browser === 'firefox' ? [] : ['offscreen']),
    ],
    // No site access up front: it is requested at run time, one site at a time, when the user
    // enables click-to-call there (lib/click-to-call/enable-site.ts). MV2 (Firefox) has no
    // optional_host_permissions; host patterns go into optional_permissions there.
    ...(browser === 'firefox'
      ? { optional_permissions: ['*://*/*'] }
      : { optional_host_permissions: ['*://*/*'] }),
    // Test and demo builds only: the fixture CRM pages on 127.0.0.1 and localhost are
    // pre-granted, which makes the settings page's real permission request succeed without a
    // browser prompt (a headless browser cannot show one). The request, the saving and the
    // registration are the production code path.
    ...(mode === 'test' || mode === 'demo'
      ? { host_permissions: ['*://127.0.0.1/*', '*://localhost/*'] }
      : {}),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'callbridge@callbridge.dev',
              // 140 (the ESR) is the first desktop Firefox that reads data_collection_permissions.
              strict_min_version: '140.0',
              // Nothing is collected by us: numbers and calls go only to the user's own PBX.
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads data_collection_permissions from 142 on.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
