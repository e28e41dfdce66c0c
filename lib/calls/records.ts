/**
 * The call lifecycle as a PBX or contact centre reports it, keyed by call id:
 *
 *   started ──▶ answered ──▶ ended ──▶ details (duration, recording link)
 *   started ─────────────────▶ ended ──▶ details          (the caller gave up)
 *
 * Each event adds facts to the call's record in one IndexedDB transaction; the meaning (result,
 * short flag, open missed call) is recomputed from all facts every time (derive.ts). So an event
 * that arrives twice changes nothing, and one that arrives early (`ended` before `started`, as a
 * reconnecting PBX feed replays) is kept on a provisional record until the rest arrives. The
 * first report of a fact wins; `details` is the exception, being the PBX's later correction.
 *
 * An outgoing call that starts is also a callback: it closes every earlier open missed call from
 * the same party and completes the open callback tasks for it, in the same transaction.
 */
import type { IDBPObjectStore } from 'idb';
import type { CallDirection } from '../sip/types';
import type { CallbridgeDb, CallsDb } from './db';
import { deriveCall } from './derive';
import { normalizeParty, sameParty } from './numbers';
import type {
  CallRecord,
  CallSettings,
  CallSource,
  CallbackHow,
  CallbackTask,
  EndReason,
} from './types';

export interface CallStartInput {
  id: string;
  direction: CallDirection;
  /** E.164 or an extension; other forms (`84951234567`) are normalised with the default country. */
  number: string;
  ext?: string;
  remoteName?: string;
  startedAt: number;
  source: CallSource;
  /** Which phone placed an outgoing call; by default the softphone's or the PBX's. */
  via?: CallbackHow;
}

export interface CallAnsweredInput {
  at: number;
  /** Who answered an incoming call: 'me', or the PBX's agent id. */
  by?: string;
}

export interface CallEndedInput {
  at: number;
  reason: EndReason;
  by?: 'local' | 'remote' | 'system';
  /** The PBX's own words for the end, kept for support. */
  cause?: string;
}

export interface CallDetailsInput {
  durationSec?: number;
  recordingUrl?: string;
  contactName?: string;
  contactUrl?: string;
  remoteName?: string;
}

/** One lifecycle event as data: what recordFromSnapshot produces and a PBX feed can replay. */
export type LifecycleEvent =
  | { type: 'started'; call: CallStartInput }
  | ({ type: 'answered'; id: string } & CallAnsweredInput)
  | ({ type: 'ended'; id: string } & CallEndedInput)
  | { type: 'details'; id: string; details: CallDetailsInput };

export interface LifecycleOutcome {
  call: CallRecord;
  /** Ids of the missed calls this write marked called back. */
  calledBack: string[];
  /** Callback tasks this write completed (their alarms and reminders can go). */
  completedTasks: CallbackTask[];
}

export type RecordSettings = Pick<CallSettings, 'defaultCountry' | 'shortCallSec'>;

type CallsStore = IDBPObjectStore<CallbridgeDb, ('calls' | 'tasks')[], 'calls', 'readwrite'>;
type TasksStore = IDBPObjectStore<CallbridgeDb, ('calls' | 'tasks')[], 'tasks', 'readwrite'>;

export function callStarted(
  db: CallsDb,
  input: CallStartInput,
  settings: RecordSettings,
): Promise<LifecycleOutcome> {
  const party = normalizeParty(input.number, input.ext, settings.defaultCountry);
  return write(db, input.id, input.startedAt, settings, (call) => {
    if (call.provisional) {
      // The start is the earliest fact of all; whatever arrived before it keeps its times.
      delete call.provisional;
      call.startedAt = input.startedAt;
      call.source = input.source;
      call.direction = input.direction;
      call.number = party.number;
    }
    if (!call.ext && party.ext) call.ext = party.ext;
    if (!call.rawNumber && input.number !== party.number) call.rawNumber = input.number;
    if (!call.remoteName && input.remoteName) call.remoteName = input.remoteName;
    if (call.direction === 'outgoing' && !call.via)
      call.via = input.via ?? (call.source === 'softphone' ? 'softphone' : 'pbx');
  });
}

export function callAnswered(
  db: CallsDb,
  id: string,
  input: CallAnsweredInput,
  settings: RecordSettings,
): Promise<LifecycleOutcome> {
  return write(db, id, input.at, settings, (call) => {
    if (call.answeredAt === undefined || input.at < call.answeredAt) call.answeredAt = input.at;
    if (call.answeredBy === undefined && input.by !== undefined) call.answeredBy = input.by;
  });
}

export function callEnded(
  db: CallsDb,
  id: string,
  input: CallEndedInput,
  settings: RecordSettings,
): Promise<LifecycleOutcome> {
  return write(db, id, input.at, settings, (call) => {
    if (call.endedAt === undefined) call.endedAt = input.at;
    // A SIP phone sees "another agent answered" as a plain CANCEL; the PBX, reporting later,
    // knows better, and that is the one correction an end reason accepts.
    if (
      call.endReason === undefined ||
      (call.endReason === 'canceled' && input.reason === 'answered-elsewhere')
    ) {
      call.endReason = input.reason;
    }
    if (call.endBy === undefined && input.by) call.endBy = input.by;
    if (call.endCause === undefined && input.cause) call.endCause = input.cause;
  });
}

export function callDetails(
  db: CallsDb,
  id: string,
  input: CallDetailsInput,
  settings: RecordSettings,
): Promise<LifecycleOutcome> {
  return write(db, id, Date.now(), settings, (call) => {
    if (input.durationSec !== undefined && Number.isFinite(input.durationSec))
      call.reportedDurationSec = Math.max(0, Math.round(input.durationSec));
    if (input.recordingUrl) call.recordingUrl = input.recordingUrl;
    if (input.contactName) call.contactName = input.contactName;
    if (input.contactUrl) call.contactUrl = input.contactUrl;
    if (input.remoteName) call.remoteName = input.remoteName;
  });
}

/** Applies events in order; for the softphone's snapshot diffs and a PBX feed's replays. */
export async function applyLifecycle(
  db: CallsDb,
  events: readonly LifecycleEvent[],
  settings: RecordSettings,
): Promise<LifecycleOutcome[]> {
  const outcomes: LifecycleOutcome[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'started':
        outcomes.push(await callStarted(db, event.call, settings));
        break;
      case 'answered':
        outcomes.push(await callAnswered(db, event.id, event, settings));
        break;
      case 'ended':
        outcomes.push(await callEnded(db, event.id, event, settings));
        break;
      case 'details':
        outcomes.push(await callDetails(db, event.id, event.details, settings));
        break;
    }
  }
  return outcomes;
}

export async function getCall(db: CallsDb, id: string): Promise<CallRecord | undefined> {
  return db.get('calls', id);
}

/**
 * The one write path: read the record (or start a provisional one), add the facts, derive, and
 * settle callbacks, all in one transaction so concurrent events for the same call serialise.
 */
async function write(
  db: CallsDb,
  id: string,
  at: number,
  settings: RecordSettings,
  addFacts: (call: CallRecord) => void,
): Promise<LifecycleOutcome> {
  const tx = db.transaction(['calls', 'tasks'], 'readwrite');
  const calls = tx.objectStore('calls');
  const existing = await calls.get(id);
  const call: CallRecord = existing
    ? { ...existing }
    : // Only a PBX feed reports a call's later events before its start; the start will say.
      { id, source: 'pbx', number: '', startedAt: at, provisional: true, updatedAt: at };
  if (call.provisional) call.startedAt = Math.min(call.startedAt, at);
  addFacts(call);
  call.updatedAt = Date.now();
  let next = deriveCall(call, settings.shortCallSec);
  const outcome: LifecycleOutcome = { call: next, calledBack: [], completedTasks: [] };

  if (next.openMissed !== undefined && existing?.openMissed === undefined) {
    // The callback may have been recorded first: a PBX feed that reports missed calls late, or
    // a callback from the desk phone that reached the log before the softphone's own record.
    const callback = await laterCallTo(calls, next);
    if (callback) next = deriveCall(markCalledBack(next, callback), settings.shortCallSec);
  }
  await calls.put(next);
  outcome.call = next;

  if (next.direction === 'outgoing' && !next.provisional && existing?.direction === undefined) {
    // Settled once, when the call's start is first known; a repeated start finds nothing open
    // from before it anyway.
    outcome.calledBack = await closeMissedCalls(calls, next, settings.shortCallSec);
    outcome.completedTasks = await completeTasksFor(tx.objectStore('tasks'), next);
  }
  await tx.done;
  return outcome;
}

function markCalledBack(missed: CallRecord, callback: CallRecord): CallRecord {
  return {
    ...missed,
    calledBackAt: callback.startedAt,
    calledBackCallId: callback.id,
    calledBackHow: viaOf(callback),
    updatedAt: Date.now(),
  };
}

function viaOf(call: CallRecord): CallbackHow {
  return call.via ?? (call.source === 'softphone' ? 'softphone' : 'pbx');
}

/** The first outgoing call to the same party after this one started, if any. */
async function laterCallTo(calls: CallsStore, missed: CallRecord): Promise<CallRecord | null> {
  const range = IDBKeyRange.bound(
    [missed.number, missed.startedAt],
    [missed.number, Infinity],
    true,
  );
  for (
    let cursor = await calls.index('number_startedAt').openCursor(range);
    cursor;
    cursor = await cursor.continue()
  ) {
    const later = cursor.value;
    if (later.direction === 'outgoing' && !later.provisional && sameParty(missed, later))
      return later;
  }
  return null;
}

/** Marks every earlier open missed call from the callee's party as called back by this call. */
async function closeMissedCalls(
  calls: CallsStore,
  callback: CallRecord,
  shortCallSec: number,
): Promise<string[]> {
  const closed: string[] = [];
  const open = await calls.index('openMissed').getAll(callback.number);
  for (const missed of open) {
    if (missed.startedAt >= callback.startedAt || !sameParty(missed, callback)) continue;
    await calls.put(deriveCall(markCalledBack(missed, callback), shortCallSec));
    closed.push(missed.id);
  }
  return closed;
}

/** Completes the open tasks to call this party that existed before the call started. */
async function completeTasksFor(tasks: TasksStore, call: CallRecord): Promise<CallbackTask[]> {
  const done: CallbackTask[] = [];
  for (const task of await tasks.index('number').getAll(call.number)) {
    // A task made during this very call ("call back in 30 min" from its card) is for later.
    if (task.status !== 'open' || task.createdAt >= call.startedAt || !sameParty(task, call))
      continue;
    const completed: CallbackTask = {
      ...task,
      status: 'done',
      doneAt: call.startedAt,
      doneHow: viaOf(call),
      doneCallId: call.id,
    };
    await tasks.put(completed);
    done.push(completed);
  }
  return done;
}
