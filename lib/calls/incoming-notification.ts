import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { formatForDisplay } from '../phone/dial';
import { notifiedCallsItem } from '../storage/items';
import type { CallView, CommandResult, PhoneCommand, PhoneSnapshot } from '../sip/types';
import { logger } from '../log';

const log = logger('bg');
const PREFIX = 'callbridge-call:';

/** Chrome shows notification buttons; Firefox has none (clicking opens the call view there). */
const HAS_BUTTONS = !import.meta.env.FIREFOX;

/**
 * Desktop notifications for ringing calls. They come from the background, so they appear with
 * no CRM tab open and no popup; Answer/Decline act on the one phone directly. The state of
 * what was notified is kept in session storage, so a service worker restarted mid-ring neither
 * notifies twice nor leaves a stale notification behind.
 */
export class IncomingCallNotifier {
  constructor(
    private readonly send: (cmd: PhoneCommand) => Promise<CommandResult>,
    private readonly openCallView: () => Promise<void>,
  ) {}

  /** Registers the notification listeners; call synchronously at background start. */
  listen(): void {
    browser.notifications.onButtonClicked.addListener((id, index) => {
      void this.buttonClicked(id, index);
    });
    browser.notifications.onClicked.addListener((id) => {
      void this.clicked(id);
    });
  }

  async sync(snapshot: PhoneSnapshot): Promise<void> {
    const ringing = new Map(
      snapshot.calls
        .filter((c) => c.direction === 'incoming' && c.status === 'incoming')
        .map((c) => [c.id, c]),
    );
    const records = await notifiedCallsItem.getValue();
    const next: typeof records = {};
    const now = Date.now();
    for (const call of ringing.values()) {
      const seen = records[call.id];
      if (seen) {
        next[call.id] = seen;
        continue;
      }
      const text = await this.show(call);
      next[call.id] = { shownAt: Date.now(), open: true, text };
      log('notified call %s after %d ms', call.id, Date.now() - call.createdAt);
    }
    for (const [id, record] of Object.entries(records)) {
      if (next[id]) continue;
      if (record.open) await browser.notifications.clear(PREFIX + id);
      // Keep the record a while: the benchmark reads the time, and a late duplicate report of
      // the same call must not bring its notification back.
      if (now - record.shownAt < 10 * 60_000) next[id] = { ...record, open: false };
    }
    await notifiedCallsItem.setValue(next);
  }

  async buttonClicked(notificationId: string, index: number): Promise<void> {
    const callId = this.callIdOf(notificationId);
    if (!callId) return;
    await browser.notifications.clear(notificationId);
    const result = await this.send(
      index === 0 ? { type: 'answer', callId } : { type: 'decline', callId, busy: false },
    );
    if (!result.ok) log('notification action failed: %o', result);
    if (index === 0) await this.openCallView();
  }

  async clicked(notificationId: string): Promise<void> {
    if (!this.callIdOf(notificationId)) return;
    await this.openCallView();
  }

  private callIdOf(notificationId: string): string | null {
    return notificationId.startsWith(PREFIX) ? notificationId.slice(PREFIX.length) : null;
  }

  /** Shows the notification; returns its text. */
  private async show(call: CallView): Promise<string> {
    // The caller's name comes from the SIP From header: plain text in a notification, never HTML.
    const number = formatForDisplay(call.remoteNumber);
    const who = call.remoteName ? `${call.remoteName} · ${number}` : number;
    await browser.notifications.create(PREFIX + call.id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: i18n.t('notifyIncomingTitle'),
      message: who,
      contextMessage: i18n.t('extName'),
      priority: 2,
      ...(HAS_BUTTONS
        ? {
            requireInteraction: true,
            buttons: [{ title: i18n.t('answer') }, { title: i18n.t('decline') }],
          }
        : {}),
    });
    return who;
  }
}
