import type { CallStatus } from './types';

/**
 * The call's state machine. Every change of a call's status goes through `nextStatus`, so an
 * impossible move (answering a call that is already up, holding one that still rings) is a
 * thrown error in a test instead of a confused UI in the field.
 *
 *   outgoing:  dialing ──progress──▶ ringing ──established──▶ active
 *                 └───────────────established────────────────▲
 *   incoming:  incoming ──answer──▶ connecting ──established──┘
 *
 *   active ──hold──▶ held ──unhold──▶ active
 *   every state but ended ──end──▶ ended   (final)
 */
export type CallEvent = 'progress' | 'answer' | 'established' | 'hold' | 'unhold' | 'end';

const TRANSITIONS: Record<CallStatus, Partial<Record<CallEvent, CallStatus>>> = {
  dialing: { progress: 'ringing', established: 'active', end: 'ended' },
  // 180 after 183 (or a second 180) is ordinary: stay ringing.
  ringing: { progress: 'ringing', established: 'active', end: 'ended' },
  incoming: { answer: 'connecting', end: 'ended' },
  connecting: { established: 'active', end: 'ended' },
  active: { hold: 'held', end: 'ended' },
  held: { unhold: 'active', end: 'ended' },
  ended: {},
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: CallStatus,
    readonly event: CallEvent,
  ) {
    super(`illegal call transition: ${event} in ${from}`);
    this.name = 'IllegalTransitionError';
  }
}

export function nextStatus(from: CallStatus, event: CallEvent): CallStatus {
  const to = TRANSITIONS[from][event];
  if (!to) throw new IllegalTransitionError(from, event);
  return to;
}

export function canTransition(from: CallStatus, event: CallEvent): boolean {
  return TRANSITIONS[from][event] !== undefined;
}

/** A call that still occupies the line (everything but ended). */
export function isLive(status: CallStatus): boolean {
  return status !== 'ended';
}
