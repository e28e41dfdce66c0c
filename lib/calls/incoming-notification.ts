import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { formatForDisplay } from '../phone/dial';
import { notifiedCallsItem } from '../storage/items';
import type { CallView, CommandResult, PhoneCommand, PhoneSnapshot } from '../sip/types';
import { logger } from '../log';
import { sipIdentity, type CallerIdentity } from './caller-identity';

const log = logger('bg');
const PREFIX = 'callbridge-call:';
const MISSED_PREFIX = 'callbridge-missed:';

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
    /** "Remind me in 10 min" on a missed call: the call log's callback tasks. */
    private readonly remindLater: (
      call: { number: string; name?: string },
      minutes: number,
    ) => Promise<void>,
    /** Opens the popup's missed-call list (a click on a missed-call notification). */
    private readonly openMissed: () => Promise<void>,
    /** Who is calling: the CRM contact if a page showed the number, else the SIP name. */
    private readonly identify: (call: CallView) => Promise<CallerIdentity>,
    /** Whether a ringing call needs no desktop notification (a CRM tab in front shows its card). */
    private readonly quiet: () => Promise<boolean> = () => Promise.resolve(false),
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
      if (await this.quiet()) {
        // The call card in the CRM tab in front says it all; nothing to clear or turn into a
        // missed-call notification later.
        next[call.id] = { shownAt: Date.now(), open: false, text: '' };
        log('call %s shown by the call card, no notification', call.id);
        continue;
      }
      const text = await this.show(call);
      next[call.id] = { shownAt: Date.now(), open: true, text };
      log('notified call %s after %d ms', call.id, Date.now() - call.createdAt);
    }
    const byId = new Map(snapshot.calls.map((c) => [c.id, c]));
    for (const [id, record] of Object.entries(records)) {
      if (next[id]) continue;
      if (record.open) {
        await browser.notifications.clear(PREFIX + id);
        // Rang and nobody took it: the ringing notification becomes a missed-call one, so a
        // salesperson back at the desk sees who called and can call back or set a reminder.
        const call = byId.get(id);
        if (call && call.status === 'ended' && call.answeredAt === undefined)
          await this.showMissed(call);
      }
      // Keep the record a while: the benchmark reads the time, and a late duplicate report of
      // the same call must not bring its notification back.
      if (now - record.shownAt < 10 * 60_000) next[id] = { ...record, open: false };
    }
    await notifiedCallsItem.setValue(next);
  }

  async buttonClicked(notificationId: string, index: number): Promise<void> {
    if (notificationId.startsWith(MISSED_PREFIX)) {
      await this.missedButtonClicked(notificationId, index);
      return;
    }
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
    if (notificationId.startsWith(MISSED_PREFIX)) {
      await browser.notifications.clear(notificationId);
      await this.openMissed();
      return;
    }
    if (!this.callIdOf(notificationId)) return;
    await this.openCallView();
  }

  /** Missed-call notification: 0 = Call back, 1 = Remind in 10 min. */
  private async missedButtonClicked(notificationId: string, index: number): Promise<void> {
    const [number, name] = decodeMissed(notificationId);
    await browser.notifications.clear(notificationId);
    if (!number) return;
    if (index === 0) {
      const result = await this.send({ type: 'dial', target: number });
      if (!result.ok) log('call back from notification failed: %o', result);
    } else {
      await this.remindLater({ number, ...(name ? { name } : {}) }, 10);
    }
  }

  private async showMissed(call: CallView): Promise<void> {
    const identity = await this.identity(call);
    await browser.notifications.create(encodeMissed(call, identity.name), {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: i18n.t('notifyMissedTitle'),
      message: whoIs(identity),
      contextMessage: i18n.t('extName'),
      priority: 1,
      ...(HAS_BUTTONS
        ? { buttons: [{ title: i18n.t('missed_callBack') }, { title: i18n.t('notifyRemind10') }] }
        : {}),
    });
  }

  private async identity(call: CallView): Promise<CallerIdentity> {
    try {
      return await this.identify(call);
    } catch (error) {
      log('caller identity failed: %o', error);
      return sipIdentity(call);
    }
  }

  private callIdOf(notificationId: string): string | null {
    return notificationId.startsWith(PREFIX) ? notificationId.slice(PREFIX.length) : null;
  }

  /** Shows the notification; returns its text. */
  private async show(call: CallView): Promise<string> {
    // The name comes from a CRM page or the SIP From header: plain text in a notification.
    const who = whoIs(await this.identity(call));
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

/**
 * A missed-call notification carries its number (and name) in its id: the worker that handles
 * the button may be a fresh one with no memory of the call, and the snapshot forgets ended calls
 * after a minute.
 */
function encodeMissed(call: CallView, name: string | undefined): string {
  return MISSED_PREFIX + JSON.stringify([call.remoteNumber, name ?? '', call.id]);
}

/** "Anna Petrova · +7 495 123-45-67", or the number alone for a caller nobody named. */
export function whoIs(identity: CallerIdentity): string {
  const number = formatForDisplay(identity.number);
  return identity.name ? `${identity.name} · ${number}` : number;
}

function decodeMissed(notificationId: string): [string, string] {
  try {
    const parsed: unknown = JSON.parse(notificationId.slice(MISSED_PREFIX.length));
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string')
      return [parsed[0], parsed[1]];
  } catch {
    // Not ours.
  }
  return ['', ''];
}
