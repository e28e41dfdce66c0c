/** Helpers for the call log's unit tests (not part of the extension's bundles). */
import type { CallView, PhoneSnapshot } from '../sip/types';
import { openCallsDb, type CallsDb } from './db';
import type { RecordSettings } from './records';

let counter = 0;

/** A database of the test's own, so tests never see each other's calls. */
export function freshDb(): Promise<CallsDb> {
  return openCallsDb({ name: `callbridge-test-${counter++}-${Math.random()}` });
}

/** Russian defaults: numbers such as 84951234567 are read as +7 495 123-45-67. */
export const RU: RecordSettings = { defaultCountry: 'RU', shortCallSec: 5 };

/** Monday 2 March 2026, 09:00 local time. */
export const MONDAY_9AM = new Date(2026, 2, 2, 9, 0, 0).getTime();
export const MIN = 60_000;

/** A ringing incoming call from 8 (495) 123-45-67, with `over` applied. */
export function callView(over: Partial<CallView> = {}): CallView {
  return {
    id: 'in1',
    direction: 'incoming',
    status: 'incoming',
    remoteNumber: '84951234567',
    muted: false,
    remoteHold: false,
    createdAt: MONDAY_9AM,
    dtmfSent: '',
    ...over,
  };
}

/** A registered phone's snapshot with these calls. */
export function snapshotOf(calls: CallView[], updatedAt = MONDAY_9AM): PhoneSnapshot {
  return { registration: { status: 'registered', failures: 0, since: 0 }, calls, updatedAt };
}
