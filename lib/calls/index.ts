/**
 * lib/calls: the call log (history, missed calls, callback tasks, statistics) in IndexedDB.
 * See README.md in this folder for the lifecycle and how the background and popup use it.
 */
export {
  CALLS_DB_NAME,
  CALLS_DB_VERSION,
  callsDb,
  openCallsDb,
  type CallsDb,
  type ContactRow,
  type CrmSearchRow,
} from './db';
export {
  applyLifecycle,
  callAnswered,
  callDetails,
  callEnded,
  callStarted,
  getCall,
  type CallAnsweredInput,
  type CallDetailsInput,
  type CallEndedInput,
  type CallStartInput,
  type LifecycleEvent,
  type LifecycleOutcome,
  type RecordSettings,
} from './records';
export { recordFromSnapshot } from './snapshot';
export {
  dismissMissed,
  listMissed,
  missedBadgeCount,
  type MissedGroup,
  type ListMissedOptions,
} from './missed';
export {
  callStats,
  listCalls,
  prune,
  type CallPage,
  type CallQuery,
  type CallStats,
  type HistoryFilter,
  type HourCell,
} from './history';
export {
  TaskScheduler,
  completeTask,
  createCallback,
  dueCount,
  getTask,
  listTasks,
  snoozeTask,
  OVERDUE_AFTER_MIN,
  TASK_ALARM_PREFIX,
  type CreateCallbackInput,
  type TaskLists,
} from './tasks';
export {
  CallbackReminderNotifier,
  SNOOZE_MINUTES,
  type ReminderActions,
} from './reminder-notification';
export { openCallsChannel, type CallsChange, type CallsChannel } from './changes';
export { startCallLog, type CallCounts, type CallLogDeps, type CallLogService } from './service';
export { loadCallSettings } from './settings';
export { normalizeParty, sameParty } from './numbers';
export { seedCalls, type SeedOptions } from './seed';
export type * from './types';
export { DEFAULT_RETENTION_DAYS, DEFAULT_SHORT_CALL_SEC } from './types';
