/**
 * The in-page call card's state, kept by the background: one record per incoming call, the same
 * in every CRM tab. This file is pure (no browser, no clock of its own) so that the rules below
 * are tested directly; lib/card/background.ts persists the records and tells the tabs.
 *
 * A card's phase follows its call and only moves forward:
 *
 *     ringing ──▶ talking ──▶ ended
 *        │
 *        ├──────▶ missed      (the caller gave up, or the line failed, before an answer)
 *        └──────▶ declined    (we declined it)
 *
 * Whether a card is expanded or collapsed is not kept here: it follows from `appearedAt` (the
 * card collapses COLLAPSE_AFTER_MS after it appeared, the same moment in every tab) and from the
 * clicks in each tab (components/CallCard.tsx). Closing is shared: a closed card is closed
 * everywhere, and its record stays a while so that a late report of the same call does not
 * bring it back.
 */
import type { CallerIdentity } from '../calls/caller-identity';
import type { CallView } from '../sip/types';

export type CardPhase = 'ringing' | 'talking' | 'ended' | 'missed' | 'declined';

/** The card collapses to a strip this long after it appeared, answered or not. */
export const COLLAPSE_AFTER_MS = 20_000;
/** At most this many open cards; the oldest are closed first. */
export const MAX_OPEN_CARDS = 4;
/** A card of a finished call that nobody closed goes away after this long. */
export const MAX_CARD_AGE_MS = 8 * 3_600_000;
/** A closed card's record outlives the call's last report by this much. */
const CLOSED_KEEP_MS = 10 * 60_000;

export interface CardRecord {
  callId: string;
  caller: CallerIdentity;
  phase: CardPhase;
  /** Epoch ms when the card first appeared (the background saw the call ringing). */
  appearedAt: number;
  /** Epoch ms of the last change or the last time the call was in a snapshot. */
  seenAt: number;
  closed: boolean;
}

export interface CardsState {
  /** Bumped on every change: tabs ignore a broadcast older than what they already show. */
  rev: number;
  cards: CardRecord[];
}

export const EMPTY_CARDS: CardsState = { rev: 0, cards: [] };

const FINAL: ReadonlySet<CardPhase> = new Set(['ended', 'missed', 'declined']);

/** The phase a call's current report implies. */
export function phaseOf(call: CallView): CardPhase {
  switch (call.status) {
    case 'incoming':
      return 'ringing';
    case 'ended':
      if (call.answeredAt !== undefined) return 'ended';
      return call.end?.by === 'local' ? 'declined' : 'missed';
    default:
      return 'talking';
  }
}

/** Allowed moves; anything else (going back to ringing, leaving a final phase) is ignored. */
function advance(from: CardPhase, to: CardPhase): CardPhase {
  if (from === to || FINAL.has(from)) return from;
  if (from === 'talking' && (to === 'ringing' || to === 'missed' || to === 'declined'))
    return 'ended';
  return to;
}

/** Incoming calls in the snapshot that have no card yet: the caller must be identified first. */
export function newCalls(state: CardsState, calls: readonly CallView[]): CallView[] {
  const known = new Set(state.cards.map((c) => c.callId));
  return calls.filter(
    (c) => c.direction === 'incoming' && c.status === 'incoming' && !known.has(c.id),
  );
}

/**
 * The cards after a snapshot of the phone. `identities` holds the callers of `newCalls`; a new
 * call without one gets no card yet (the next snapshot tries again). Returns the same object
 * when nothing changed, so the caller can skip storing and broadcasting.
 */
export function applySnapshot(
  state: CardsState,
  calls: readonly CallView[],
  identities: ReadonlyMap<string, CallerIdentity>,
  now: number,
): CardsState {
  const byId = new Map(calls.filter((c) => c.direction === 'incoming').map((c) => [c.id, c]));
  let changed = false;
  const cards: CardRecord[] = [];
  for (const card of state.cards) {
    const call = byId.get(card.callId);
    byId.delete(card.callId);
    if (call) {
      const phase = advance(card.phase, phaseOf(call));
      if (phase !== card.phase) changed = true;
      cards.push(phase === card.phase ? { ...card, seenAt: now } : { ...card, phase, seenAt: now });
      continue;
    }
    // Gone from the phone's report (it keeps ended calls for a minute). A call that vanished
    // while still live was lost with the phone host (a crash): unanswered, it is a missed call.
    if (!FINAL.has(card.phase)) {
      changed = true;
      cards.push({ ...card, phase: card.phase === 'ringing' ? 'missed' : 'ended', seenAt: now });
      continue;
    }
    const keep = card.closed ? CLOSED_KEEP_MS : MAX_CARD_AGE_MS;
    if (now - (card.closed ? card.seenAt : card.appearedAt) > keep) {
      changed = true;
      continue;
    }
    cards.push(card);
  }
  for (const call of byId.values()) {
    // Only a call seen ringing gets a card: one that was answered elsewhere or ended before we
    // ever saw it ring is not news to show.
    const caller = identities.get(call.id);
    if (call.status !== 'incoming' || !caller) continue;
    changed = true;
    cards.push({
      callId: call.id,
      caller,
      phase: 'ringing',
      appearedAt: now,
      seenAt: now,
      closed: false,
    });
  }
  if (!changed) {
    // Only `seenAt` moved: keep the old object (nothing to tell the tabs), but remember the
    // times so closed records expire from the call's last report.
    return cards.every((c, i) => c.seenAt === state.cards[i]?.seenAt)
      ? state
      : { rev: state.rev, cards };
  }
  return capOpen({ rev: state.rev + 1, cards });
}

/** Closes the oldest open cards beyond MAX_OPEN_CARDS (finished calls before live ones). */
function capOpen(state: CardsState): CardsState {
  const open = state.cards.filter((c) => !c.closed);
  if (open.length <= MAX_OPEN_CARDS) return state;
  const drop = new Set(
    [...open]
      .sort(
        (a, b) =>
          Number(FINAL.has(b.phase)) - Number(FINAL.has(a.phase)) || a.appearedAt - b.appearedAt,
      )
      .slice(0, open.length - MAX_OPEN_CARDS)
      .map((c) => c.callId),
  );
  return {
    ...state,
    cards: state.cards.map((c) => (drop.has(c.callId) ? { ...c, closed: true } : c)),
  };
}

/** Closes one card everywhere. Unknown or already closed: the same state. */
export function closeCard(state: CardsState, callId: string, now: number): CardsState {
  const card = state.cards.find((c) => c.callId === callId);
  if (!card || card.closed) return state;
  return {
    rev: state.rev + 1,
    cards: state.cards.map((c) => (c.callId === callId ? { ...c, closed: true, seenAt: now } : c)),
  };
}

/** The open card for a call, if there is one. */
export function openCard(state: CardsState, callId: string): CardRecord | undefined {
  return state.cards.find((c) => c.callId === callId && !c.closed);
}

/**
 * What a tab is told about the cards: the open ones, oldest first, without the CRM URLs (a
 * page gets whether there is a record or a search to open; the background opens it).
 */
export interface CardView {
  callId: string;
  /** E.164 when the number could be read as one, else as signalled. */
  number: string;
  /** Untrusted text (CRM page or SIP display name): rendered as text only. */
  name?: string;
  phase: CardPhase;
  appearedAt: number;
  /** What "Open in CRM" opens, if anything: the contact's record or a search for the number. */
  link?: 'record' | 'search';
}

export interface CardsView {
  rev: number;
  cards: CardView[];
}

export function toView(state: CardsState): CardsView {
  return {
    rev: state.rev,
    cards: state.cards
      .filter((c) => !c.closed)
      .sort((a, b) => a.appearedAt - b.appearedAt)
      .map((c) => {
        const view: CardView = {
          callId: c.callId,
          number: c.caller.number,
          phase: c.phase,
          appearedAt: c.appearedAt,
        };
        if (c.caller.name) view.name = c.caller.name;
        if (c.caller.recordUrl) view.link = 'record';
        else if (c.caller.searchUrl) view.link = 'search';
        return view;
      }),
  };
}
