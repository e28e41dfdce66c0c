/**
 * The softphone's model as the rest of the extension sees it. Nothing here depends on JsSIP:
 * lib/sip/softphone.ts translates JsSIP's events into these plain, serialisable records, which
 * travel between the offscreen document, the background and the popup.
 */

/** Why something failed, specific enough for the user to act on it. */
export type PhoneErrorCode =
  | 'not-configured'
  | 'auth-failed' // 401/407 after our credentials: wrong user or password
  | 'forbidden' // 403: the registrar refuses this account
  | 'unreachable' // the WebSocket never opened: wrong URL, server down, firewall
  | 'ws-closed' // the WebSocket was open and closed under us
  | 'timeout'
  | 'no-microphone' // no input device at all
  | 'microphone-denied' // the browser refused the microphone (grant it in the options page)
  | 'not-registered'
  | 'invalid-target'
  | 'no-such-call'
  | 'illegal-state'
  | 'busy'
  | 'rejected'
  | 'not-found'
  | 'unavailable'
  | 'no-answer'
  | 'canceled'
  | 'incompatible-media'
  | 'ice-failed'
  | 'transfer-failed'
  | 'internal';

export type RegistrationStatus =
  | 'unconfigured' // no account saved yet
  | 'stopped' // the user switched the phone off
  | 'connecting' // opening the WebSocket
  | 'registering' // REGISTER sent
  | 'registered'
  | 'waiting-retry'; // the last attempt failed; the next one is scheduled (retryAt)

export interface RegistrationView {
  status: RegistrationStatus;
  /** Why the last attempt failed; kept while retrying so the UI can explain the wait. */
  error?: PhoneErrorCode;
  /** The server's own words, e.g. "403 Forbidden", for support. */
  detail?: string;
  /** Epoch ms of the next automatic attempt while `waiting-retry`. */
  retryAt?: number;
  /** Consecutive failed attempts since the last success. */
  failures: number;
  /** The account's address of record, e.g. sip:1001@pbx.example.com. */
  aor?: string;
  since: number;
}

export type CallDirection = 'incoming' | 'outgoing';

/** See lib/sip/call-machine.ts for the transitions between these. */
export type CallStatus =
  'dialing' | 'ringing' | 'incoming' | 'connecting' | 'active' | 'held' | 'ended';

export type CallEndReason =
  | 'hangup' // a normal BYE, from either side
  | 'busy'
  | 'rejected' // declined by the other side (603/403)
  | 'not-found'
  | 'unavailable'
  | 'no-answer'
  | 'canceled' // the caller gave up before an answer
  | 'incompatible-media'
  | 'ice-failed'
  | 'connection-lost'
  | 'transferred'
  | 'microphone-lost' // Firefox: the call window, which holds the call's microphone, was closed
  | 'failed';

export interface CallEnd {
  reason: CallEndReason;
  by: 'local' | 'remote' | 'system';
  /** The SIP status code where there was one. */
  code?: number;
}

export interface TransferView {
  kind: 'blind' | 'attended';
  target: string;
  status: 'pending' | 'accepted' | 'failed';
}

export interface CallView {
  id: string;
  direction: CallDirection;
  status: CallStatus;
  /** The other party's user part (number or extension), as signalled. */
  remoteNumber: string;
  /** The display name from the SIP From/To header, if any. Untrusted text: render as text. */
  remoteName?: string;
  muted: boolean;
  /** The other side put us on hold (sendonly/inactive re-INVITE). */
  remoteHold: boolean;
  createdAt: number;
  answeredAt?: number;
  endedAt?: number;
  end?: CallEnd;
  transfer?: TransferView;
  /** DTMF digits sent on this call, for the keypad's echo line. */
  dtmfSent: string;
}

export interface PhoneSnapshot {
  registration: RegistrationView;
  /** Live calls first, then calls that ended in the last minute (so the UI can say why). */
  calls: CallView[];
  /** The host is playing the ringtone (set by the host, not the softphone). */
  ringtone?: boolean;
  updatedAt: number;
}

/** Commands the UI sends to the one phone; validated in lib/sip/commands.ts. */
export type PhoneCommand =
  | { type: 'dial'; target: string; ext?: string }
  | { type: 'answer'; callId: string }
  | { type: 'decline'; callId: string; busy?: boolean }
  | { type: 'hangup'; callId: string }
  | { type: 'hold'; callId: string; on: boolean }
  | { type: 'mute'; callId: string; on: boolean }
  | { type: 'dtmf'; callId: string; tones: string }
  | { type: 'blind-transfer'; callId: string; target: string }
  | { type: 'attended-transfer'; callId: string; consultCallId: string }
  | { type: 'set-enabled'; on: boolean };

export type CommandResult =
  { ok: true; callId?: string } | { ok: false; error: PhoneErrorCode; detail?: string };

/** The account the PBX administrator hands out. */
export interface SipAccount {
  wsUrl: string;
  sipUri: string;
  authUser: string;
  password: string;
  displayName: string;
}

export type DtmfMode = 'auto' | 'rfc4733' | 'info';

/** Everything the phone host needs, sent by the background (the offscreen page reads no storage). */
export interface HostConfig {
  account: SipAccount | null;
  enabled: boolean;
  dtmfMode: DtmfMode;
  iceServers: string[];
  devices: AudioDevices;
  debug: boolean;
  /** Test builds only: keep 127.0.0.1 candidates so calls work on a closed loopback network. */
  loopbackOnly: boolean;
}

export interface AudioDevices {
  microphoneId: string;
  speakerId: string;
  ringtoneId: string;
}

export type TestConnectionResult =
  { ok: true; ms: number } | { ok: false; error: PhoneErrorCode; detail?: string };
