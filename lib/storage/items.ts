import { storage } from 'wxt/utils/storage';
import type { CardsState } from '../card/state';
import type { AudioDevices, DtmfMode, PhoneSnapshot, SipAccount } from '../sip/types';

/**
 * Every storage key of the extension, declared once, typed and versioned. Nothing else calls
 * browser.storage directly (a lint rule checks it).
 *
 * `local:` holds settings and secrets. It is read by the background and the extension pages
 * only: the background hands the phone host what it needs, and no content script imports this
 * module's secret items (a lint rule checks that too).
 * `session:` holds what must survive a stopped service worker but not a browser restart.
 */

/** The SIP account. Secret (password): background and options page only. */
export const sipAccountItem = storage.defineItem<SipAccount | null>('local:sipAccount', {
  fallback: null,
  version: 1,
});

/** The user's on/off switch for the phone ("offline" without forgetting the account). */
export const phoneEnabledItem = storage.defineItem<boolean>('local:phoneEnabled', {
  fallback: true,
  version: 1,
});

export const audioDevicesItem = storage.defineItem<AudioDevices>('local:audioDevices', {
  fallback: { microphoneId: '', speakerId: '', ringtoneId: '' },
  version: 1,
});

export interface PhonePrefs {
  dtmfMode: DtmfMode;
  /** STUN/TURN URLs; empty on a LAN PBX, where host candidates are all it takes. */
  iceServers: string[];
  /**
   * The country for numbers written without +, such as `8 (495) 123-45-67`: an ISO 3166 code,
   * or '' to guess it from the browser's language.
   */
  defaultCountry: string;
}

export const phonePrefsItem = storage.defineItem<PhonePrefs>('local:phonePrefs', {
  fallback: { dtmfMode: 'auto', iceServers: [], defaultCountry: '' },
  version: 1,
});

export const debugLoggingItem = storage.defineItem<boolean>('local:debugLogging', {
  fallback: false,
  version: 1,
});

/** The phone's last reported state, for the popup and for a service worker that restarted. */
export const phoneSnapshotItem = storage.defineItem<PhoneSnapshot | null>('session:phoneSnapshot', {
  fallback: null,
  version: 1,
});

/**
 * Each incoming call's notification, by call id: when it was shown (epoch ms), whether it is
 * still open, and what it said. The benchmark reads
 * it to measure INVITE → notification; the background reads it to not notify twice after a
 * service-worker restart.
 */
export const notifiedCallsItem = storage.defineItem<
  Record<string, { shownAt: number; open: boolean; text: string }>
>('session:notifiedCalls', {
  fallback: {},
  version: 1,
});

/**
 * The in-page call cards (lib/card), one per incoming call, shared by every CRM tab. In session
 * storage so that a restarted service worker still knows which cards are open or closed; the
 * tabs get them by message (content scripts cannot read `session:` storage in Chrome).
 */
export const callCardsItem = storage.defineItem<CardsState>('session:callCards', {
  fallback: { rev: 0, cards: [] },
  version: 1,
});

/** The window that shows the call view after a notification click, to focus instead of reopen. */
export const callWindowItem = storage.defineItem<number | null>('session:callWindow', {
  fallback: null,
  version: 1,
});

/** The call log's settings (lib/calls), set in the options page. */
export interface CallLogPrefs {
  /** A caller who hangs up within this many seconds, unanswered, makes a "short" missed call. */
  shortCallSec: number;
  /** Calls older than this many days are deleted from the history. */
  retentionDays: number;
}

export const callLogPrefsItem = storage.defineItem<CallLogPrefs>('local:callLogPrefs', {
  fallback: { shortCallSec: 5, retentionDays: 180 },
  version: 1,
});

/**
 * Screen pop: when the caller's CRM record (or, for an unknown number, the CRM's search for it)
 * opens or comes to the front by itself — while the call rings, once it is answered, or never.
 */
export type ScreenPopMode = 'ring' | 'answer' | 'never';

export const screenPopItem = storage.defineItem<ScreenPopMode>('local:screenPop', {
  fallback: 'answer',
  version: 1,
});

/** Calls whose screen pop was done (call id → epoch ms), so a restarted worker does not repeat it. */
export const screenPoppedItem = storage.defineItem<Record<string, number>>('session:screenPopped', {
  fallback: {},
  version: 1,
});

/**
 * Who is on each current call, as the background identified them (lib/calls/caller-identity.ts):
 * call id → the CRM contact's name and record. The popup shows them over the SIP name.
 */
export const callersItem = storage.defineItem<
  Record<string, { name?: string; recordUrl?: string }>
>('session:callers', { fallback: {}, version: 1 });
