/**
 * The missed-call list: incoming calls nobody answered, one entry per number, until someone
 * calls that number back (records.ts marks it automatically, whenever that happens) or the user
 * dismisses it. Open entries stay however old they are; the ones already called back are shown
 * for a few days so a team lead can see that they were.
 */
import type { CallsDb } from './db';
import type { CallRecord, CallResult, CallbackHow } from './types';

export interface MissedGroup {
  number: string;
  /** The extension, when every call of the group was from the same one. */
  ext?: string;
  /** The CRM contact's name or the signalled display name of the latest call. Untrusted text. */
  name?: string;
  contactUrl?: string;
  /** Open calls, while any is open; otherwise the calls that were called back. */
  count: number;
  firstAt: number;
  lastAt: number;
  /** Every counted call was short: the caller hung up within seconds each time. */
  short: boolean;
  /** Waiting for a callback. */
  open: boolean;
  /** The result of the latest call (missed, busy, rejected, failed). */
  lastResult: CallResult;
  callIds: string[];
  /** On a group that was called back: the callback, and how it went when known. */
  calledBack?: { at: number; callId: string; how: CallbackHow; result?: CallResult };
}

export interface ListMissedOptions {
  now?: number;
  /** How long called-back groups stay in the list; open ones always do. Default 7 days. */
  resolvedForDays?: number;
}

export async function listMissed(
  db: CallsDb,
  options: ListMissedOptions = {},
): Promise<MissedGroup[]> {
  const now = options.now ?? Date.now();
  const since = now - (options.resolvedForDays ?? 7) * 86_400_000;
  const tx = db.transaction('calls');
  const open = await tx.store.index('openMissed').getAll();
  const recent = await tx.store
    .index('missed_startedAt')
    .getAll(IDBKeyRange.bound([1, since], [1, Infinity]));

  const openByNumber = groupBy(open);
  const resolvedByNumber = groupBy(
    recent.filter(
      (c) =>
        c.calledBackAt !== undefined &&
        c.dismissedAt === undefined &&
        // A number with open calls shows as one open entry; its earlier callback is history.
        !openByNumber.has(c.number),
    ),
  );

  const groups: MissedGroup[] = [];
  for (const calls of openByNumber.values()) groups.push(group(calls, true));
  for (const calls of resolvedByNumber.values()) groups.push(group(calls, false));

  // How the callback went, so "called back" can say "no answer": a get per resolved group.
  for (const g of groups) {
    if (!g.calledBack) continue;
    const callback = await tx.store.get(g.calledBack.callId);
    if (callback?.result) g.calledBack.result = callback.result;
  }
  await tx.done;
  return groups.sort((a, b) => Number(b.open) - Number(a.open) || b.lastAt - a.lastAt);
}

function groupBy(calls: CallRecord[]): Map<string, CallRecord[]> {
  const map = new Map<string, CallRecord[]>();
  for (const call of calls) {
    const list = map.get(call.number);
    if (list) list.push(call);
    else map.set(call.number, [call]);
  }
  return map;
}

function group(calls: CallRecord[], open: boolean): MissedGroup {
  const sorted = [...calls].sort((a, b) => a.startedAt - b.startedAt);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const named = [...sorted].reverse().find((c) => c.contactName || c.remoteName);
  const exts = new Set(sorted.map((c) => c.ext));
  const result: MissedGroup = {
    number: last.number,
    count: sorted.length,
    firstAt: first.startedAt,
    lastAt: last.startedAt,
    short: sorted.every((c) => c.short),
    open,
    lastResult: last.result ?? 'missed',
    callIds: sorted.map((c) => c.id),
  };
  const ext = exts.size === 1 ? last.ext : undefined;
  if (ext) result.ext = ext;
  const name = named?.contactName ?? named?.remoteName;
  if (name) result.name = name;
  const contactUrl = [...sorted].reverse().find((c) => c.contactUrl)?.contactUrl;
  if (contactUrl) result.contactUrl = contactUrl;
  if (!open) {
    const latest = sorted
      .filter((c) => c.calledBackAt !== undefined)
      .sort((a, b) => b.calledBackAt! - a.calledBackAt!)[0];
    if (latest?.calledBackCallId && latest.calledBackAt !== undefined) {
      result.calledBack = {
        at: latest.calledBackAt,
        callId: latest.calledBackCallId,
        how: latest.calledBackHow ?? 'softphone',
      };
    }
  }
  return result;
}

/** Takes a number's open missed calls off the list without a callback. */
export async function dismissMissed(
  db: CallsDb,
  number: string,
  now = Date.now(),
): Promise<string[]> {
  const tx = db.transaction('calls', 'readwrite');
  const dismissed: string[] = [];
  for (const call of await tx.store.index('openMissed').getAll(number)) {
    // Only the open flag changes; everything else derived stays as it was computed.
    const next: CallRecord = { ...call, dismissedAt: now, updatedAt: now };
    delete next.openMissed;
    await tx.store.put(next);
    dismissed.push(call.id);
  }
  await tx.done;
  return dismissed;
}

/** The toolbar badge's missed count: numbers waiting for a callback. */
export async function missedBadgeCount(db: CallsDb): Promise<number> {
  let count = 0;
  const index = db.transaction('calls').store.index('openMissed');
  for (
    let cursor = await index.openKeyCursor(null, 'nextunique');
    cursor;
    cursor = await cursor.continue()
  ) {
    count++;
  }
  return count;
}
