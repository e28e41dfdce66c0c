/**
 * The extension's one IndexedDB database, `callbridge`. It holds the call log, the callback
 * tasks and the caller-id cache (lib/calls/caller-id.ts). All of them share this single upgrade
 * function because IndexedDB has one version number per database: two modules each opening
 * `callbridge` with their own version and upgrade would lock each other out or skip each
 * other's stores. A new store or index is a new numbered step below, never an edit to an old one.
 *
 * Extension pages and the background share one origin, so the popup reads the same database the
 * background writes; a service worker or browser restart loses nothing.
 */
import {
  openDB,
  type DBSchema,
  type IDBPDatabase,
  type IDBPTransaction,
  type StoreNames,
} from 'idb';
import type { CrmSearch, KnownContact } from './caller-id';
import { deriveCall } from './derive';
import { DEFAULT_SHORT_CALL_SEC, type CallRecord, type CallbackTask } from './types';

export const CALLS_DB_NAME = 'callbridge';
export const CALLS_DB_VERSION = 2;

/**
 * The caller-id cache's rows are lib/calls/caller-id.ts's own types: that module owns their
 * shape, this one only where they are kept. (A type-only import: no code flows between them.)
 */
export type ContactRow = KnownContact;
export type CrmSearchRow = CrmSearch;

export interface CallbridgeDb extends DBSchema {
  calls: {
    key: string;
    value: CallRecord;
    indexes: {
      startedAt: number;
      /** One number's history, newest first, and "was there a later call to it". */
      number_startedAt: [string, number];
      /** The incoming / outgoing tabs. */
      direction_startedAt: [string, number];
      /** The missed tab: only missed calls carry `missed`. */
      missed_startedAt: [number, number];
      /** Missed calls waiting for a callback, by number: the badge and the auto callback. */
      openMissed: string;
    };
  };
  tasks: {
    key: string;
    value: CallbackTask;
    indexes: {
      dueAt: number;
      status_dueAt: [string, number];
      number: string;
    };
  };
  /** Caller id: who a number belongs to, as seen on CRM pages (keyed by E.164). */
  contacts: {
    key: string;
    value: ContactRow;
    indexes: { seenAt: number };
  };
  /** Caller id: how each CRM origin searches for a number (keyed by origin). */
  searches: {
    key: string;
    value: CrmSearchRow;
    indexes: { seenAt: number };
  };
}

export type CallsDb = IDBPDatabase<CallbridgeDb>;
type UpgradeTx = IDBPTransaction<CallbridgeDb, StoreNames<CallbridgeDb>[], 'versionchange'>;

/**
 * Version 1 rows, the first cut of the schema (development builds). Kept as types so the
 * step to version 2 says exactly what it reads.
 */
export interface V1CallRow {
  id: string;
  direction: 'incoming' | 'outgoing';
  number: string;
  ext?: string;
  startedAt: number;
  answeredAt?: number;
  endedAt?: number;
  reason?: string;
  /** Booleans, which IndexedDB cannot index: the reason for version 2. */
  missed: boolean;
  calledBack: boolean;
  calledBackAt?: number;
  durationSec?: number;
  recordingUrl?: string;
  contactName?: string;
}

export interface V1TaskRow {
  id: string;
  number: string;
  dueAt: number;
  createdAt: number;
  done: boolean;
  doneAt?: number;
  name?: string;
}

/**
 * The schema, one step per version. Each step takes a database at the previous version to its
 * own; a fresh install runs them all in order.
 */
function upgrade(db: CallsDb, oldVersion: number, tx: UpgradeTx): void {
  if (oldVersion < 1) {
    // The call log keyed by the reporter's call id, and callback tasks.
    const calls = db.createObjectStore('calls', { keyPath: 'id' });
    calls.createIndex('startedAt', 'startedAt');
    // v1 index names: not in today's schema type, hence the untyped view of the store.
    (calls as unknown as IDBObjectStore).createIndex('number', 'number');
    const tasks = db.createObjectStore('tasks', { keyPath: 'id' });
    tasks.createIndex('dueAt', 'dueAt');
    tasks.createIndex('number', 'number');
  }
  if (oldVersion < 2) {
    // Indexable flags instead of booleans (IndexedDB cannot index `true`), compound indexes so
    // the history's tabs page through 1,000+ calls without reading them all, task status as a
    // string, and the caller-id cache (lib/calls/caller-id.ts).
    const calls = tx.objectStore('calls');
    calls.deleteIndex('number');
    calls.createIndex('number_startedAt', ['number', 'startedAt']);
    calls.createIndex('direction_startedAt', ['direction', 'startedAt']);
    calls.createIndex('missed_startedAt', ['missed', 'startedAt']);
    calls.createIndex('openMissed', 'openMissed');
    const tasks = tx.objectStore('tasks');
    tasks.createIndex('status_dueAt', ['status', 'dueAt']);
    const contacts = db.createObjectStore('contacts', { keyPath: 'number' });
    contacts.createIndex('seenAt', 'seenAt');
    const searches = db.createObjectStore('searches', { keyPath: 'origin' });
    searches.createIndex('seenAt', 'seenAt');
    // A row that cannot be converted aborts the whole upgrade: the database stays at version 1,
    // whole, rather than reaching version 2 half converted.
    migrateRowsToV2(tx).catch(() => tx.abort());
  }
}

/** Rewrites version 1 rows in place, within the upgrade transaction. */
async function migrateRowsToV2(tx: UpgradeTx): Promise<void> {
  const now = Date.now();
  for (
    let cursor = await tx.objectStore('calls').openCursor();
    cursor;
    cursor = await cursor.continue()
  ) {
    await cursor.update(callFromV1(cursor.value as unknown as V1CallRow, now));
  }
  for (
    let cursor = await tx.objectStore('tasks').openCursor();
    cursor;
    cursor = await cursor.continue()
  ) {
    await cursor.update(taskFromV1(cursor.value as unknown as V1TaskRow));
  }
}

export function callFromV1(row: V1CallRow, now: number): CallRecord {
  const call: CallRecord = {
    id: row.id,
    // Version 1 only ever recorded the softphone.
    source: 'softphone',
    direction: row.direction,
    number: row.number,
    startedAt: row.startedAt,
    updatedAt: now,
  };
  if (row.ext) call.ext = row.ext;
  if (row.answeredAt !== undefined) {
    call.answeredAt = row.answeredAt;
    call.answeredBy = 'me';
  }
  if (row.endedAt !== undefined) call.endedAt = row.endedAt;
  const reason = row.reason as CallRecord['endReason'] | undefined;
  if (reason) call.endReason = reason;
  else if (row.endedAt !== undefined && row.answeredAt === undefined) {
    // Version 1 did not keep why an unanswered call ended; for an incoming call flagged missed
    // the caller gave up, which is what the softphone reports most of the time.
    call.endReason = row.missed ? 'canceled' : 'failed';
  } else if (row.endedAt !== undefined) call.endReason = 'hangup';
  if (row.durationSec !== undefined) call.reportedDurationSec = row.durationSec;
  if (row.recordingUrl) call.recordingUrl = row.recordingUrl;
  if (row.contactName) call.contactName = row.contactName;
  if (row.calledBack) {
    // A call marked called back without a time was followed up at some point; the end of the
    // call is the earliest moment that can be true, and keeps it out of the open list.
    call.calledBackAt = row.calledBackAt ?? row.endedAt ?? row.startedAt;
    call.calledBackHow = 'softphone';
  }
  return deriveCall(call, DEFAULT_SHORT_CALL_SEC);
}

export function taskFromV1(row: V1TaskRow): CallbackTask {
  const task: CallbackTask = {
    id: row.id,
    number: row.number,
    // Version 1 could only create tasks from the missed-call list.
    origin: 'missed',
    createdAt: row.createdAt,
    dueAt: row.dueAt,
    status: row.done ? 'done' : 'open',
  };
  if (row.name) task.name = row.name;
  if (row.done) {
    task.doneAt = row.doneAt ?? row.dueAt;
    task.doneHow = 'manual';
  }
  return task;
}

export interface OpenCallsDbOptions {
  /** Tests open a database of their own. */
  name?: string;
  /** Called when this connection was closed so that a newer version could upgrade. */
  onClose?: () => void;
}

/**
 * Opens the database, creating or upgrading it first. A connection left open by an older copy
 * of the extension (a popup that survived an update) would block the upgrade forever, so a
 * connection closes itself as soon as a newer version asks: the newer code always wins.
 */
export function openCallsDb(options: OpenCallsDbOptions = {}): Promise<CallsDb> {
  return openDB<CallbridgeDb>(options.name ?? CALLS_DB_NAME, CALLS_DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      upgrade(db, oldVersion, tx);
    },
    blocking(_current, _blocked, event) {
      (event.target as IDBDatabase).close();
      options.onClose?.();
    },
    terminated() {
      options.onClose?.();
    },
  });
}

let shared: Promise<CallsDb> | null = null;

/**
 * This context's connection (background, popup), opened on first use and reopened after it was
 * closed for an upgrade or by the browser.
 */
export function callsDb(): Promise<CallsDb> {
  if (!shared) {
    const opening = openCallsDb({
      onClose: () => {
        if (shared === opening) shared = null;
      },
    });
    shared = opening;
    opening.catch(() => {
      if (shared === opening) shared = null;
    });
  }
  return shared;
}
