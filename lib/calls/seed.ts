/**
 * A believable call log for benchmarks, demos and test builds: `seedCalls(1000)` fills the
 * database with a month of an office's calls (busier on weekdays and in working hours, a fifth
 * of incoming calls missed, a third of those short, most missed numbers called back later).
 * Deterministic for a given seed, so two runs measure the same data.
 *
 * Records are built with the same derivation the lifecycle uses and written in one transaction:
 * seeding measures nothing, so it should not take longer than the thing it prepares.
 */
import { mulberry32 } from '../random';
import { callsDb, type CallsDb } from './db';
import { deriveCall } from './derive';
import { DEFAULT_SHORT_CALL_SEC, type CallRecord, type EndReason } from './types';

export interface SeedOptions {
  db?: CallsDb;
  /** The end of the seeded period (epoch ms); default now. */
  now?: number;
  /** How many days back the calls go; default 30. */
  days?: number;
  seed?: number;
}

const NAMES = [
  'Иван Петров',
  'ООО «Ромашка»',
  'Олена Коваленко',
  'Acme Corp — John Smith',
  'Мария Сидорова',
  'ТОВ «Світанок»',
  'Sarah Miller',
  'Алексей Смирнов',
];

/** Seeds `n` calls; returns how many open missed calls it left for the missed list. */
export async function seedCalls(n: number, options: SeedOptions = {}): Promise<number> {
  const db = options.db ?? (await callsDb());
  const now = options.now ?? Date.now();
  const days = options.days ?? 30;
  const random = mulberry32(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  const customers = Array.from({ length: 150 }, (_, i) => {
    const kind = i % 5;
    const tail = String(1_000_000 + Math.floor(random() * 8_999_999)).slice(-7);
    const number = kind < 3 ? `+7495${tail}` : kind === 3 ? `+38044${tail}` : `+1415${tail}`;
    return { number, name: random() < 0.6 ? pick(NAMES) : undefined, contact: i };
  });

  const byNumber = new Map(customers.map((c) => [c.number, c]));
  const starts = Array.from({ length: n }, () => startTime(now, days, random)).sort(
    (a, b) => a - b,
  );
  const openMissed = new Map<string, CallRecord[]>();
  const forgotten = new Set(customers.filter(() => random() < 0.1).map((c) => c.number));
  const records: CallRecord[] = [];
  starts.forEach((startedAt, i) => {
    const incoming = random() < 0.6;
    // A third of the outgoing calls go to someone whose call was missed at least a quarter of
    // an hour ago: the callbacks. One missed number in ten is never called back.
    const pending = [...openMissed.entries()]
      .filter(([, calls]) => calls.some((c) => c.startedAt < startedAt - 15 * 60_000))
      .map(([number]) => number)
      .filter((number) => !forgotten.has(number));
    const customer =
      !incoming && pending.length > 0 && random() < 0.3
        ? byNumber.get(pick(pending))!
        : pick(customers);
    const call: CallRecord = {
      id: `seed-${options.seed ?? 1}-${i}`,
      source: random() < 0.8 ? 'softphone' : 'pbx',
      direction: incoming ? 'incoming' : 'outgoing',
      number: customer.number,
      startedAt,
      updatedAt: startedAt,
    };
    if (customer.name) {
      call.contactName = customer.name;
      call.contactUrl = `https://crm.example.com/contacts/${customer.contact}`;
    }
    const roll = random();
    const ring = 3_000 + random() * 20_000;
    let reason: EndReason = 'hangup';
    if (incoming) {
      if (roll < 0.7) answer(call, ring, random);
      else if (roll < 0.75) {
        call.answeredAt = startedAt + ring;
        call.answeredBy = `agent-${Math.floor(random() * 5) + 100}`;
      } else if (roll < 0.95) reason = 'canceled';
      else reason = roll < 0.98 ? 'busy' : 'rejected';
      // A third of the callers who gave up did so within seconds.
      const endAt =
        reason === 'canceled' && random() < 0.33
          ? startedAt + 1_000 + random() * 3_000
          : (call.answeredAt ?? startedAt + ring) +
            (call.answeredAt ? 30_000 + random() * 400_000 : 0);
      call.endedAt = Math.round(endAt);
    } else {
      call.via = call.source === 'softphone' ? 'softphone' : 'desk-phone';
      if (roll < 0.65) answer(call, ring, random);
      else
        reason =
          roll < 0.8 ? 'no-answer' : roll < 0.9 ? 'busy' : roll < 0.97 ? 'canceled' : 'failed';
      call.endedAt = Math.round(
        call.answeredAt ? call.answeredAt + 20_000 + random() * 300_000 : startedAt + ring,
      );
      for (const missed of openMissed.get(call.number) ?? []) {
        missed.calledBackAt = startedAt;
        missed.calledBackCallId = call.id;
        missed.calledBackHow = call.via;
      }
      openMissed.delete(call.number);
    }
    call.endReason = reason;
    call.endBy = 'remote';
    records.push(call);
    if (incoming && call.answeredAt === undefined) {
      const list = openMissed.get(call.number) ?? [];
      list.push(call);
      openMissed.set(call.number, list);
    }
  });

  const tx = db.transaction('calls', 'readwrite');
  let open = 0;
  for (const record of records) {
    const derived = deriveCall(record, DEFAULT_SHORT_CALL_SEC);
    if (derived.openMissed) open++;
    void tx.store.put(derived);
  }
  await tx.done;
  return open;
}

function answer(call: CallRecord, ring: number, random: () => number): void {
  call.answeredAt = Math.round(call.startedAt + ring);
  call.answeredBy = 'me';
  if (random() < 0.7) call.recordingUrl = `https://pbx.example.com/recordings/${call.id}.mp3`;
}

/** Weekdays carry four times a weekend day's calls; working hours most of each day's. */
function startTime(now: number, days: number, random: () => number): number {
  for (;;) {
    const at = new Date(now - random() * days * 86_400_000);
    const weekday = at.getDay();
    const hour = at.getHours();
    const dayWeight = weekday === 0 || weekday === 6 ? 0.25 : 1;
    const hourWeight =
      hour >= 9 && hour < 19 ? (hour === 13 ? 0.6 : 1) : hour >= 7 && hour < 22 ? 0.15 : 0.02;
    if (random() < dayWeight * hourWeight) return at.getTime();
  }
}
