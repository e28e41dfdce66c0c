/**
 * The call log with 1,000 stored calls: how long the popup's queries and lists take.
 *
 *   npx tsx bench/history.bench.ts
 *
 * Runs in Node on fake-indexeddb and happy-dom, so the figures compare versions of our code,
 * not browsers: a real IndexedDB is faster at cursors, a real DOM faster at layout-free
 * rendering than happy-dom is. The user-facing figure ("the popup opens in under 200 ms with
 * 1,000 calls") is measured in the built extension; `seedCalls(n)` (lib/calls/seed.ts) prepares
 * the same data there. "popup open" below is the sum the popup pays before its first paint:
 * first history page + missed groups + tasks, and rendering the three lists.
 *
 * Prints `name: value unit` lines, each the median of several runs.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { load } from 'js-yaml';

// The extension's messages and a DOM, before any module that reads them is loaded.
const en = load(readFileSync(resolve(import.meta.dirname, '../locales/en.yml'), 'utf8')) as Record<
  string,
  string
>;
const happy = new Window({ url: 'https://bench.invalid/' });
Object.assign(globalThis, {
  window: happy,
  document: happy.document,
  navigator: happy.navigator,
  chrome: {
    runtime: { id: 'bench' },
    i18n: {
      getMessage: (key: string, subs?: string | string[]) =>
        (en[key] ?? '').replace(/\$(\d)/g, (_: string, n: string) =>
          String((Array.isArray(subs) ? subs : [subs])[Number(n) - 1] ?? ''),
        ),
    },
  },
});

const { h, render } = await import('preact');
const { openCallsDb } = await import('../lib/calls/db');
const { seedCalls } = await import('../lib/calls/seed');
const { listCalls, callStats } = await import('../lib/calls/history');
const { listMissed } = await import('../lib/calls/missed');
const { listTasks, createCallback } = await import('../lib/calls/tasks');
const { HistoryList } = await import('../components/HistoryList');
const { MissedList } = await import('../components/MissedList');
const { TaskList } = await import('../components/TaskList');

const N = 1_000;
const ROUNDS = 15;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const line = (name: string, value: number, unit: string, digits = 1) =>
  console.log(`${name}: ${value.toFixed(digits)} ${unit}`);

async function measure(run: () => Promise<unknown> | unknown): Promise<number> {
  await run(); // warm-up: JIT, formatter caches, IndexedDB's first open of each index
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const db = await openCallsDb({ name: 'callbridge-bench' });
const now = Date.now();
const t0 = performance.now();
const open = await seedCalls(N, { db, now, seed: 42 });
line(`history seed ${N} calls`, performance.now() - t0, 'ms');
line('history seeded open missed calls', open, 'count', 0);
for (let i = 0; i < 8; i++) {
  await createCallback(
    db,
    { number: `+7495000000${i}`, origin: 'missed', inMinutes: i * 20 - 60 },
    'RU',
    now,
  );
}

const host = document.createElement('div');
document.body.appendChild(host);
const noop = () => {};

line(
  'history listCalls first page (50 of 1000)',
  await measure(() => listCalls(db, { limit: 50 })),
  'ms',
);
line(
  'history listCalls missed tab (50)',
  await measure(() => listCalls(db, { filter: 'missed', limit: 50 })),
  'ms',
);
line(
  'history listCalls search digits (50)',
  await measure(() => listCalls(db, { search: '495 1', limit: 50 }, 'RU')),
  'ms',
);
line('history listMissed groups', await measure(() => listMissed(db, { now })), 'ms');
line(
  'history callStats 30 days',
  await measure(() => callStats(db, { since: now - 30 * 86_400_000, until: now + 1 })),
  'ms',
);

const page = await listCalls(db, { limit: 50 });
const groups = await listMissed(db, { now });
const renderHistory = (calls = page.calls) =>
  render(
    h(HistoryList, {
      calls,
      filter: 'all',
      search: '',
      now,
      locale: 'en-GB',
      hasMore: true,
      onFilter: noop,
      onSearch: noop,
      onCall: noop,
      onRemind: noop,
      onNumber: noop,
      onMore: noop,
    }),
    host,
  );
const renderMissed = () =>
  render(
    h(MissedList, { groups, now, locale: 'en-GB', onCall: noop, onRemind: noop, onDismiss: noop }),
    host,
  );
const fresh = (draw: () => void) => () => {
  render(null, host); // first paint, not an update of the previous round's DOM
  draw();
};

line('history render HistoryList 50 rows', await measure(fresh(() => renderHistory())), 'ms');
const all = await listCalls(db, { limit: N });
line(
  'history render HistoryList 1000 rows',
  await measure(fresh(() => renderHistory(all.calls))),
  'ms',
);
line(`history render MissedList ${groups.length} groups`, await measure(fresh(renderMissed)), 'ms');

line(
  'history popup open with 1000 calls (queries + render)',
  await measure(async () => {
    const [p, g, t] = await Promise.all([
      listCalls(db, { limit: 50 }),
      listMissed(db, { now }),
      listTasks(db, now),
    ]);
    render(null, host);
    render(
      h('div', null, [
        h(TaskList, { tasks: t, now, locale: 'en-GB', onCall: noop, onDone: noop, onSnooze: noop }),
        h(MissedList, {
          groups: g,
          now,
          locale: 'en-GB',
          onCall: noop,
          onRemind: noop,
          onDismiss: noop,
        }),
        h(HistoryList, {
          calls: p.calls,
          filter: 'all',
          search: '',
          now,
          locale: 'en-GB',
          onFilter: noop,
          onSearch: noop,
          onCall: noop,
        }),
      ]),
      host,
    );
  }),
  'ms',
);
db.close();
await happy.happyDOM.close();
process.exit(0);
