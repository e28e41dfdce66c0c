/**
 * The softphone reports state, not events: every change sends a whole PhoneSnapshot. This diff
 * turns two consecutive snapshots into the lifecycle events the call log understands, so the
 * background feeds it every snapshot and the log sees the same sequence a PBX would report.
 *
 * With no previous snapshot (a restarted service worker) every call in the snapshot is
 * reported from its start; the log ignores what it already has, so nothing is doubled.
 */
import type { CallView, PhoneSnapshot } from '../sip/types';
import type { LifecycleEvent } from './records';

export function recordFromSnapshot(
  prev: PhoneSnapshot | null,
  next: PhoneSnapshot,
): LifecycleEvent[] {
  const before = new Map((prev?.calls ?? []).map((call) => [call.id, call]));
  const events: LifecycleEvent[] = [];
  for (const call of next.calls) {
    const old = before.get(call.id);
    before.delete(call.id);
    if (!old) events.push(started(call));
    if (call.answeredAt !== undefined && old?.answeredAt === undefined) {
      // On an outgoing call the other side answered; "who answered" is about incoming calls.
      events.push(
        call.direction === 'incoming'
          ? { type: 'answered', id: call.id, at: call.answeredAt, by: 'me' }
          : { type: 'answered', id: call.id, at: call.answeredAt },
      );
    }
    if (call.status === 'ended' && old?.status !== 'ended') {
      const end = call.end ?? { reason: 'failed' as const, by: 'system' as const };
      events.push({
        type: 'ended',
        id: call.id,
        at: call.endedAt ?? next.updatedAt,
        reason: end.reason,
        by: end.by,
        ...(end.code !== undefined ? { cause: `SIP ${end.code}` } : {}),
      });
    }
  }
  // A live call that vanished from the list without ending: the phone host was restarted or
  // crashed and lost it. The call is over for us; record how it ended rather than leave it
  // "in progress" forever. (Ended calls leave the list after a minute, which is no news.)
  for (const lost of before.values()) {
    if (lost.status === 'ended') continue;
    events.push({
      type: 'ended',
      id: lost.id,
      at: next.updatedAt,
      reason: 'connection-lost',
      by: 'system',
    });
  }
  return events;
}

function started(call: CallView): LifecycleEvent {
  return {
    type: 'started',
    call: {
      id: call.id,
      direction: call.direction,
      number: call.remoteNumber,
      startedAt: call.createdAt,
      source: 'softphone',
      ...(call.remoteName ? { remoteName: call.remoteName } : {}),
    },
  };
}
