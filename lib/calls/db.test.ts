import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { CALLS_DB_VERSION, openCallsDb, type V1CallRow, type V1TaskRow } from './db';
import { listCalls } from './history';
import { listMissed, missedBadgeCount } from './missed';
import { listTasks } from './tasks';

let n = 0;
const uniqueName = () => `callbridge-db-test-${n++}`;

/** Creates the database exactly as version 1 of the extension left it. */
async function createV1(name: string, calls: V1CallRow[], tasks: V1TaskRow[]): Promise<void> {
  const db = await openDB(name, 1, {
    upgrade(db) {
      const c = db.createObjectStore('calls', { keyPath: 'id' });
      c.createIndex('startedAt', 'startedAt');
      c.createIndex('number', 'number');
      const t = db.createObjectStore('tasks', { keyPath: 'id' });
      t.createIndex('dueAt', 'dueAt');
      t.createIndex('number', 'number');
    },
  });
  for (const call of calls) await db.put('calls', call);
  for (const task of tasks) await db.put('tasks', task);
  db.close();
}

const T = Date.UTC(2026, 2, 2, 9, 0);

describe('openCallsDb', () => {
  it('creates every store and index on a fresh install', async () => {
    const db = await openCallsDb({ name: uniqueName() });
    expect(db.version).toBe(CALLS_DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['calls', 'contacts', 'searches', 'tasks']);
    const tx = db.transaction(['calls', 'tasks', 'contacts', 'searches']);
    expect([...tx.objectStore('calls').indexNames].sort()).toEqual([
      'direction_startedAt',
      'missed_startedAt',
      'number_startedAt',
      'openMissed',
      'startedAt',
    ]);
    expect([...tx.objectStore('tasks').indexNames].sort()).toEqual([
      'dueAt',
      'number',
      'status_dueAt',
    ]);
    expect(tx.objectStore('contacts').keyPath).toBe('number');
    expect([...tx.objectStore('contacts').indexNames]).toEqual(['seenAt']);
    expect(tx.objectStore('searches').keyPath).toBe('origin');
    expect([...tx.objectStore('searches').indexNames]).toEqual(['seenAt']);
    db.close();
  });

  it('upgrades a version 1 database, keeping and converting its rows', async () => {
    const name = uniqueName();
    await createV1(
      name,
      [
        {
          id: 'a',
          direction: 'incoming',
          number: '+74951234567',
          startedAt: T,
          answeredAt: T + 5_000,
          endedAt: T + 65_000,
          reason: 'hangup',
          missed: false,
          calledBack: false,
          recordingUrl: 'https://pbx.example.com/rec/a.mp3',
          contactName: 'Иван Петров',
        },
        {
          id: 'b',
          direction: 'incoming',
          number: '+74951234567',
          startedAt: T + 600_000,
          endedAt: T + 603_000,
          missed: true,
          calledBack: false,
        },
        {
          id: 'c',
          direction: 'incoming',
          number: '+380441234567',
          startedAt: T + 700_000,
          endedAt: T + 720_000,
          reason: 'canceled',
          missed: true,
          calledBack: true,
          calledBackAt: T + 900_000,
        },
        {
          id: 'd',
          direction: 'outgoing',
          number: '+14155552671',
          startedAt: T + 800_000,
          endedAt: T + 830_000,
          reason: 'busy',
          missed: false,
          calledBack: false,
        },
      ],
      [
        { id: 't1', number: '+74951234567', dueAt: T + 1_200_000, createdAt: T, done: false },
        { id: 't2', number: '+14155552671', dueAt: T, createdAt: T, done: true, doneAt: T + 1 },
      ],
    );

    const db = await openCallsDb({ name });
    expect(db.version).toBe(2);
    expect(db.objectStoreNames.contains('contacts')).toBe(true);

    const a = await db.get('calls', 'a');
    expect(a).toMatchObject({
      source: 'softphone',
      result: 'answered',
      answeredBy: 'me',
      durationSec: 60,
      recordingUrl: 'https://pbx.example.com/rec/a.mp3',
      contactName: 'Иван Петров',
    });
    expect(a).not.toHaveProperty('missed');
    // The old boolean flag became the indexable one, and a 3-second give-up is now "short".
    const b = await db.get('calls', 'b');
    expect(b).toMatchObject({
      result: 'missed',
      missed: 1,
      short: true,
      openMissed: '+74951234567',
    });
    const c = await db.get('calls', 'c');
    expect(c).toMatchObject({ result: 'missed', missed: 1, calledBackAt: T + 900_000 });
    expect(c).not.toHaveProperty('openMissed');
    expect(await db.get('calls', 'd')).toMatchObject({ result: 'busy', direction: 'outgoing' });

    // The new indexes see the migrated rows.
    expect(await missedBadgeCount(db)).toBe(1);
    const groups = await listMissed(db, { now: T + 1_000_000 });
    expect(groups.map((g) => [g.number, g.open])).toEqual([
      ['+74951234567', true],
      ['+380441234567', false],
    ]);
    expect((await listCalls(db, { filter: 'outgoing' })).calls.map((x) => x.id)).toEqual(['d']);
    expect((await listCalls(db, { number: '+74951234567' })).calls.map((x) => x.id)).toEqual([
      'b',
      'a',
    ]);

    const tasks = await listTasks(db, T);
    expect(tasks.upcoming.map((t) => [t.id, t.status, t.origin])).toEqual([
      ['t1', 'open', 'missed'],
    ]);
    expect(await db.get('tasks', 't2')).toMatchObject({ status: 'done', doneHow: 'manual' });
    db.close();
  });

  it('closes its connection when a newer version needs the database', async () => {
    const name = uniqueName();
    let closed = false;
    await openCallsDb({ name, onClose: () => (closed = true) });
    const newer = await openDB(name, CALLS_DB_VERSION + 1);
    expect(closed).toBe(true);
    newer.close();
  });
});
