import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// The extension's shape: a background (service worker in Chrome, persistent page in Firefox),
// an offscreen document that owns the softphone in Chrome, the popup and the options page.
export default defineConfig({
  modules: ['@wxt-dev/i18n/module'],
  vite: () => ({
    plugins: [preact()],
    build: {
      // Readable stack traces from the field are worth more than the few kB a minifier saves.
      sourcemap: false,
    },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: [
      'storage',
      'notifications',
      'alarms',
      ...(browser === 'firefox' ? [] : ['offscreen']),
    ],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'callbridge@callbridge.dev',
              strict_min_version: '128.0',
            },
          },
        }
      : {}),
  }),
});
