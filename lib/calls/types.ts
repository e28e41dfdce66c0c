/**
 * The call log's model: what is kept of every call, of every callback task, and what the popup
 * and the statistics page get back. Plain, structured-cloneable records: they live in IndexedDB
 * (lib/calls/db.ts) and travel to the popup as they are.
 */
import type { CountryCode } from 'libphonenumber-js/core';
import type { CallDirection, CallEndReason } from '../sip/types';

/** Where a lifecycle event came from: our own softphone, or the PBX's event feed. */
export type CallSource = 'softphone' | 'pbx';

/**
 * Why a call ended, as the log understands it: the softphone's reasons, plus the one a PBX or
 * contact centre reports and a SIP phone cannot tell apart from a cancel (another agent
 * answered the call that rang here too).
 */
export type EndReason = CallEndReason | 'answered-elsewhere';

/** How a call ended for the people involved; derived from the lifecycle facts, never stored alone. */
export type CallResult =
  | 'answered'
  | 'missed' // incoming, nobody answered: the caller gave up or the ringing timed out
  | 'busy'
  | 'no-answer' // outgoing, the other side did not pick up
  | 'cancelled' // outgoing, we hung up before an answer
  | 'failed'
  | 'rejected'
  | 'answered-elsewhere';

/** How a missed call was followed up (or a task completed): which phone placed the call. */
export type CallbackHow = 'softphone' | 'desk-phone' | 'pbx';

/**
 * One call, keyed by the call id of whoever reported it (the softphone's id, or the PBX's unique
 * id). The first block is facts as reported; the second is derived from them on every write, so
 * events arriving out of order or twice always end in the same record.
 */
export interface CallRecord {
  id: string;
  source: CallSource;
  /** Undefined only on a placeholder: a later event arrived before `started` (see `provisional`). */
  direction?: CallDirection;
  /** The other party: E.164 (`+74951234567`), an extension (`1001`), or as signalled if neither. */
  number: string;
  /** The extension dialled after the call connected, if any. */
  ext?: string;
  /** The number exactly as signalled, kept when it differs from `number` (for support). */
  rawNumber?: string;
  /** Which phone placed an outgoing call. */
  via?: CallbackHow;
  /** The display name from SIP or the PBX. Untrusted text. */
  remoteName?: string;
  /** Epoch ms; on a placeholder, the earliest time seen so far. */
  startedAt: number;
  answeredAt?: number;
  /** Who answered an incoming call: 'me', or the PBX's id for the agent who did. */
  answeredBy?: string;
  endedAt?: number;
  endReason?: EndReason;
  endBy?: 'local' | 'remote' | 'system';
  /** The PBX's own words for the end (`NO ANSWER`, `cause=16`), for support. */
  endCause?: string;
  /** Talk time as the PBX reported it ("details updated"); wins over the timestamps. */
  reportedDurationSec?: number;
  recordingUrl?: string;
  contactName?: string;
  contactUrl?: string;
  /** Set while `started` has not arrived yet; such records are kept but not listed. */
  provisional?: true;

  // Follow-up of a missed call.
  calledBackAt?: number;
  calledBackCallId?: string;
  calledBackHow?: CallbackHow;
  dismissedAt?: number;

  // Derived (see deriveCall in records.ts).
  result?: CallResult;
  /** Talk time in seconds: reported, else answered → ended; 0 for a call nobody answered. */
  durationSec?: number;
  /** The caller gave up within the configured few seconds. Still a missed call. */
  short?: true;
  /**
   * 1 on a missed call, absent otherwise. A number and not a boolean because IndexedDB cannot
   * index booleans, and absent rather than 0 so the index holds missed calls only.
   */
  missed?: 1;
  /** The number, while this missed call waits for a callback; absent otherwise (a sparse index). */
  openMissed?: string;
  updatedAt: number;
}

/** A callback task: "call this number back at …". */
export interface CallbackTask {
  id: string;
  number: string;
  ext?: string;
  name?: string;
  contactUrl?: string;
  /** The call the task was made from, if any. */
  callId?: string;
  origin: TaskOrigin;
  createdAt: number;
  dueAt: number;
  status: 'open' | 'done';
  /** When the reminder for the current `dueAt` was shown; a snooze moves `dueAt` past it. */
  remindedAt?: number;
  doneAt?: number;
  doneHow?: TaskDoneHow;
  /** The call that completed it, when calling the number did. */
  doneCallId?: string;
}

export type TaskOrigin = 'card' | 'notification' | 'missed' | 'history' | 'page';
export type TaskDoneHow = CallbackHow | 'manual';

/** The settings the log needs; `loadCallSettings()` reads them from storage. */
export interface CallSettings {
  /** For numbers signalled without +, such as `84951234567`. */
  defaultCountry: CountryCode;
  /** A caller who hangs up within this many seconds makes a short missed call. */
  shortCallSec: number;
  /** Calls older than this are pruned. */
  retentionDays: number;
}

export const DEFAULT_SHORT_CALL_SEC = 5;
export const DEFAULT_RETENTION_DAYS = 180;
