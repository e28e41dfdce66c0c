/**
 * "The call log changed" between the background and the extension pages. IndexedDB has no
 * change events, and the popup writes too (Dismiss, Done, Remind): a BroadcastChannel reaches
 * every context of the extension's origin (service worker, popup, options, statistics page)
 * with no message protocol to maintain, and carries nothing but the kind of change. A channel
 * does not hear its own messages, so a context that both writes and listens is not woken by
 * its own writes.
 */
export type CallsChange = 'calls' | 'tasks';

export const CALLS_CHANNEL = 'callbridge-calls';

export interface CallsChannel {
  notify(change: CallsChange): void;
  onChange(listener: (change: CallsChange) => void): void;
  close(): void;
}

export function openCallsChannel(): CallsChannel {
  const channel = new BroadcastChannel(CALLS_CHANNEL);
  const listeners: Array<(change: CallsChange) => void> = [];
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const change = event.data;
    if (change !== 'calls' && change !== 'tasks') return;
    for (const listener of listeners) listener(change);
  };
  return {
    notify: (change) => channel.postMessage(change),
    onChange: (listener) => void listeners.push(listener),
    close: () => channel.close(),
  };
}
