import { PhoneHost } from './host';
import type { LinkEvents, PhoneLink } from './link';

/**
 * Firefox: the background is a persistent page with WebRTC and media, so the host lives right
 * here and the link is a set of direct calls.
 */
export function createInProcessLink(events: LinkEvents): PhoneLink {
  const host = new PhoneHost((snapshot) => events.changed(snapshot));
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
  };
}
