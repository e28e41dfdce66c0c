import { hostMessaging } from '@/lib/sip/host-messaging';
import { copyText } from '@/lib/clipboard';
import { PhoneHost } from '@/lib/sip/host';

// The offscreen document: the phone's home in Chrome. It can use chrome.runtime only, so it
// reports to the background and takes its settings from there.
const host = new PhoneHost((snapshot) => {
  // Wakes the service worker if Chrome stopped it; the worker then notifies and updates badges.
  void hostMessaging.sendMessage('host:changed', snapshot).catch(() => {});
});

hostMessaging.onMessage('host:configure', ({ data }) => host.configure(data));
hostMessaging.onMessage('host:command', ({ data }) => host.command(data));
hostMessaging.onMessage('host:snapshot', () => host.snapshot());
hostMessaging.onMessage('host:test-connection', ({ data }) => host.testConnection(data));
hostMessaging.onMessage('host:stats', () => host.stats());
hostMessaging.onMessage('host:copy', ({ data }) =>
  typeof data === 'string' && /^\+\d{7,15}$/.test(data) ? copyText(document, data) : false,
);

void hostMessaging.sendMessage('host:hello').then((config) => {
  // A 'host:configure' may have arrived first; the newest settings win either way.
  if (config && !host.configured) return host.configure(config);
});
