import { copyText } from '../clipboard';
import { CallWindowMicrophone } from './call-window-microphone';
import { callWindowView } from './call-window';
import { PhoneHost } from './host';
import type { LinkEvents, PhoneLink } from './link';
import { microphoneLostNotifier } from './microphone-lost';

/**
 * Firefox: the background is a persistent page with WebRTC, so the host lives right here and the
 * link is a set of direct calls. Only the microphone comes from elsewhere: Firefox never lets a
 * background page record, so each call captures in the call window (call-window-microphone.ts).
 */
export function createInProcessLink(events: LinkEvents): PhoneLink {
  const noticeLostMicrophone = microphoneLostNotifier();
  const host = new PhoneHost(
    (snapshot) => {
      events.changed(snapshot);
      noticeLostMicrophone(snapshot);
    },
    document,
    new CallWindowMicrophone(callWindowView),
  );
  let configured: Promise<void> | null = null;
  const ensure = async () => {
    configured ??= events.loadConfig().then((config) => host.configure(config));
    await configured;
  };
  return {
    ensure,
    configure: async (config) => {
      await ensure();
      await host.configure(config);
    },
    command: async (cmd) => {
      await ensure();
      return host.command(cmd);
    },
    snapshot: async () => host.snapshot(),
    testConnection: (account) => host.testConnection(account),
    stats: () => host.stats(),
    copyText: (text) => copyText(document, text),
  };
}
