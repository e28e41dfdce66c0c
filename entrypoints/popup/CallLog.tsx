import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { CountryCode } from 'libphonenumber-js';
import { HistoryList } from '@/components/HistoryList';
import { MissedList } from '@/components/MissedList';
import type { RemindWhen } from '@/components/RemindButtons';
import { TaskList } from '@/components/TaskList';
import { openCallsChannel } from '@/lib/calls/changes';
import { callsDb } from '@/lib/calls/db';
import { listCalls, type HistoryFilter } from '@/lib/calls/history';
import { dismissMissed, listMissed, type MissedGroup } from '@/lib/calls/missed';
import { TaskScheduler, listTasks, type TaskLists } from '@/lib/calls/tasks';
import type { CallRecord, TaskOrigin } from '@/lib/calls/types';

/**
 * The popup's call-log tabs (missed calls, callback tasks, history), read straight from the
 * extension's IndexedDB. Writes (Remind, Dismiss, Done, Snooze) go through the same store
 * functions as the background, then tell it over the calls channel so it re-counts the badge
 * and re-arms reminders. Calls go through the phone like any other dial.
 */
export type LogTab = 'missed' | 'tasks' | 'history';

const missed = signal<MissedGroup[]>([]);
const tasks = signal<TaskLists>({ overdue: [], due: [], upcoming: [] });
const history = signal<{ calls: CallRecord[]; next?: number }>({ calls: [] });
const filter = signal<HistoryFilter>('all');
const search = signal('');
const number = signal<string | undefined>(undefined);

// The popup never listens for alarms: the background owns the reminders.
const scheduler = new TaskScheduler(callsDb, async () => {});
const channel = openCallsChannel();

export const missedCount = signal(0);

/** Narrows the history to one number (`?view=history&number=…`, a CRM page's context menu). */
export function showNumberHistory(e164: string): void {
  number.value = e164;
}
export const dueCount = signal(0);

export async function reloadCallLog(country: CountryCode): Promise<void> {
  const db = await callsDb();
  const [groups, lists, page] = await Promise.all([
    listMissed(db),
    listTasks(db),
    listCalls(
      db,
      { filter: filter.value, search: search.value, number: number.value, limit: 50 },
      country,
    ),
  ]);
  missed.value = groups;
  tasks.value = lists;
  history.value = page;
  missedCount.value = groups.filter((g) => g.open).length;
  dueCount.value = lists.overdue.length + lists.due.length;
}

async function more(country: CountryCode): Promise<void> {
  const before = history.value.next;
  if (before === undefined) return;
  const page = await listCalls(
    await callsDb(),
    { filter: filter.value, search: search.value, number: number.value, limit: 50, before },
    country,
  );
  history.value = { calls: [...history.value.calls, ...page.calls], next: page.next };
}

export function CallLog(props: {
  tab: LogTab;
  now: number;
  country: CountryCode;
  onDial: (target: string, ext?: string) => void;
}) {
  const { country } = props;
  useEffect(() => {
    void reloadCallLog(country);
    channel.onChange(() => void reloadCallLog(country));
  }, [country]);

  const changed = async (what: 'calls' | 'tasks') => {
    channel.notify(what);
    await reloadCallLog(country);
  };
  const remind = async (
    target: { number: string; ext?: string; name?: string; contactUrl?: string; callId?: string },
    when: RemindWhen,
    origin: TaskOrigin,
  ) => {
    await scheduler.create(
      {
        number: target.number,
        ...(target.ext ? { ext: target.ext } : {}),
        ...(target.name ? { name: target.name } : {}),
        ...(target.contactUrl ? { contactUrl: target.contactUrl } : {}),
        ...(target.callId ? { callId: target.callId } : {}),
        origin,
        ...when,
      },
      country,
    );
    await changed('tasks');
  };

  if (props.tab === 'missed')
    return (
      <MissedList
        groups={missed.value}
        now={props.now}
        reminders={
          new Map(
            [...tasks.value.overdue, ...tasks.value.due, ...tasks.value.upcoming].map((t) => [
              t.number,
              t.dueAt,
            ]),
          )
        }
        onCall={(g) => props.onDial(g.number, g.ext)}
        onRemind={(g, when) =>
          void remind(
            { number: g.number, ext: g.ext, name: g.name, contactUrl: g.contactUrl },
            when,
            'missed',
          )
        }
        onDismiss={(g) =>
          void callsDb()
            .then((db) => dismissMissed(db, g.number))
            .then(() => changed('calls'))
        }
        onHistory={(g) => {
          number.value = g.number;
          void reloadCallLog(country);
        }}
      />
    );
  if (props.tab === 'tasks')
    return (
      <TaskList
        tasks={tasks.value}
        now={props.now}
        onCall={(t) => props.onDial(t.number, t.ext)}
        onDone={(t) => void scheduler.complete(t.id, 'manual').then(() => changed('tasks'))}
        onSnooze={(t, minutes) => void scheduler.snooze(t.id, minutes).then(() => changed('tasks'))}
      />
    );
  return (
    <HistoryList
      calls={history.value.calls}
      filter={filter.value}
      search={search.value}
      now={props.now}
      number={number.value}
      hasMore={history.value.next !== undefined}
      onFilter={(f) => {
        filter.value = f;
        void reloadCallLog(country);
      }}
      onSearch={(text) => {
        search.value = text;
        void reloadCallLog(country);
      }}
      onCall={(c) => props.onDial(c.number, c.ext)}
      onRemind={(c, when) =>
        void remind(
          { number: c.number, ext: c.ext, name: c.contactName ?? c.remoteName, callId: c.id },
          when,
          'history',
        )
      }
      onNumber={(n) => {
        number.value = n;
        void reloadCallLog(country);
      }}
      onBack={() => {
        number.value = undefined;
        void reloadCallLog(country);
      }}
      onMore={() => void more(country)}
    />
  );
}
