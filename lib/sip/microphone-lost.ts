import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { formatForDisplay } from '../phone/dial';
import type { CallView, PhoneSnapshot } from './types';

const PREFIX = 'callbridge-mic-lost:';

/** Calls in `snapshot` that ended because their microphone went away and are not in `seen`. */
export function newlyLost(snapshot: PhoneSnapshot, seen: ReadonlySet<string>): CallView[] {
  return snapshot.calls.filter((c) => c.end?.reason === 'microphone-lost' && !seen.has(c.id));
}

/**
 * Firefox: a call ended because its call window was closed. The window that would have shown it
 * is gone, so a notification says what happened. (Chrome's offscreen document never loses its
 * microphone this way.) The background page is persistent, so what was shown is kept in memory.
 */
export function microphoneLostNotifier(): (snapshot: PhoneSnapshot) => void {
  const seen = new Set<string>();
  return (snapshot) => {
    for (const call of newlyLost(snapshot, seen)) {
      seen.add(call.id);
      void browser.notifications.create(PREFIX + call.id, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: i18n.t('notifyMicLostTitle'),
        message: `${formatForDisplay(call.remoteNumber)} — ${i18n.t('notifyMicLostText')}`,
      });
    }
  };
}
