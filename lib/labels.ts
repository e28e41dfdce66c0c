import { i18n, type GeneratedI18nStructure } from '#i18n';
import type { CallEndReason, CallStatus, PhoneErrorCode, RegistrationStatus } from './sip/types';

/**
 * The words for the phone's states, in the user's language. Tables rather than string
 * concatenation, so a new state that lacks a translation is a type error, not a blank label.
 */
/** The message keys that take no substitutions (labels, as opposed to sentences with a $1). */
export type LabelKey = {
  [K in keyof GeneratedI18nStructure]: GeneratedI18nStructure[K]['substitutions'] extends 0
    ? K
    : never;
}[keyof GeneratedI18nStructure];
type Key = LabelKey;

const REGISTRATION: Record<RegistrationStatus, Key> = {
  unconfigured: 'reg_unconfigured',
  stopped: 'reg_stopped',
  connecting: 'reg_connecting',
  registering: 'reg_registering',
  registered: 'reg_registered',
  'waiting-retry': 'reg_waitingRetry',
};

const ERRORS: Record<PhoneErrorCode, Key> = {
  'not-configured': 'err_notConfigured',
  'auth-failed': 'err_authFailed',
  forbidden: 'err_forbidden',
  unreachable: 'err_unreachable',
  'ws-closed': 'err_wsClosed',
  timeout: 'err_timeout',
  'no-microphone': 'err_noMicrophone',
  'microphone-denied': 'err_microphoneDenied',
  'not-registered': 'err_notRegistered',
  'invalid-target': 'err_invalidTarget',
  'no-such-call': 'err_noSuchCall',
  'illegal-state': 'err_illegalState',
  busy: 'err_busy',
  rejected: 'err_rejected',
  'not-found': 'err_notFound',
  unavailable: 'err_unavailable',
  'no-answer': 'err_noAnswer',
  canceled: 'err_canceled',
  'incompatible-media': 'err_incompatibleMedia',
  'ice-failed': 'err_iceFailed',
  'transfer-failed': 'err_transferFailed',
  internal: 'err_internal',
};

const ENDS: Record<CallEndReason, Key> = {
  hangup: 'end_hangup',
  busy: 'end_busy',
  rejected: 'end_rejected',
  'not-found': 'end_notFound',
  unavailable: 'end_unavailable',
  'no-answer': 'end_noAnswer',
  canceled: 'end_canceled',
  'incompatible-media': 'end_incompatibleMedia',
  'ice-failed': 'end_iceFailed',
  'connection-lost': 'end_connectionLost',
  transferred: 'end_transferred',
  'microphone-lost': 'end_microphoneLost',
  failed: 'end_failed',
};

const CALLS: Record<CallStatus, Key> = {
  dialing: 'call_dialing',
  ringing: 'call_ringing',
  incoming: 'call_incoming',
  connecting: 'call_connecting',
  active: 'call_active',
  held: 'call_held',
  ended: 'call_ended',
};

export const registrationLabel = (s: RegistrationStatus): string => i18n.t(REGISTRATION[s]);
export const errorLabel = (e: PhoneErrorCode): string => i18n.t(ERRORS[e]);
export const endLabel = (r: CallEndReason): string => i18n.t(ENDS[r]);
export const callStatusLabel = (s: CallStatus): string => i18n.t(CALLS[s]);
