/**
 * What a call's facts mean. Lifecycle events only ever add facts to a record (records.ts); the
 * result, duration, short flag and the index fields are recomputed from all the facts after
 * every write. That is what makes the log indifferent to the order events arrive in: `ended`
 * before `answered` ends in exactly the record that `answered` before `ended` does.
 */
import { isCallable } from './numbers';
import type { CallRecord, CallResult, EndReason } from './types';

/** Ends that mean "the line or the audio broke", not anybody's choice. */
const FAILURES = new Set<EndReason>([
  'not-found',
  'incompatible-media',
  'ice-failed',
  'connection-lost',
  'failed',
]);

/** The result, or undefined while the call is still going (or its start is not known yet). */
export function resultOf(call: CallRecord): CallResult | undefined {
  if (call.provisional || !call.direction) return undefined;
  const reason = call.endReason;
  if (call.endedAt === undefined && reason === undefined) return undefined;
  if (call.direction === 'incoming') {
    if (reason === 'answered-elsewhere') return 'answered-elsewhere';
    if (call.answeredAt !== undefined) {
      return call.answeredBy === undefined || call.answeredBy === 'me'
        ? 'answered'
        : 'answered-elsewhere';
    }
    if (reason === 'busy') return 'busy';
    if (reason === 'rejected') return 'rejected';
    if (reason && FAILURES.has(reason)) return 'failed';
    // canceled, no-answer, unavailable, or a hangup that came before any answer: the caller
    // rang and nobody picked up.
    return 'missed';
  }
  if (call.answeredAt !== undefined || reason === 'answered-elsewhere') return 'answered';
  switch (reason) {
    case 'busy':
      return 'busy';
    case 'rejected':
      return 'rejected';
    case 'no-answer':
    case 'unavailable': // 480: most PBXes send it when the callee's phones rang out or are off
      return 'no-answer';
    case 'canceled':
    case 'hangup':
    case 'transferred':
    case undefined:
      return 'cancelled';
    default:
      return 'failed';
  }
}

/**
 * Whether an incoming call with this result left a customer without an answer: they gave up,
 * were declined, got busy, or the line failed. Each of them needs a callback; a call another
 * agent answered does not.
 */
export function isMissedResult(result: CallResult | undefined): boolean {
  return (
    result === 'missed' ||
    result === 'busy' ||
    result === 'rejected' ||
    result === 'failed' ||
    result === 'no-answer'
  );
}

/** Returns the record with its derived fields recomputed from its facts. */
export function deriveCall(call: CallRecord, shortCallSec: number): CallRecord {
  const out: CallRecord = { ...call };
  delete out.result;
  delete out.durationSec;
  delete out.short;
  delete out.missed;
  delete out.openMissed;
  const result = resultOf(call);
  if (result === undefined) return out;
  out.result = result;
  out.durationSec =
    call.reportedDurationSec ??
    (call.answeredAt !== undefined && call.endedAt !== undefined
      ? Math.max(0, Math.round((call.endedAt - call.answeredAt) / 1000))
      : 0);
  if (call.direction === 'incoming' && isMissedResult(result)) {
    out.missed = 1;
    // Only a caller who gave up is "short"; a decline or a failure within seconds is not the
    // customer hanging up before anyone could answer.
    if (
      result === 'missed' &&
      call.endReason === 'canceled' &&
      call.endedAt !== undefined &&
      call.endedAt - call.startedAt <= shortCallSec * 1000
    ) {
      out.short = true;
    }
    if (
      call.calledBackAt === undefined &&
      call.dismissedAt === undefined &&
      isCallable(call.number)
    )
      out.openMissed = call.number;
  }
  return out;
}
