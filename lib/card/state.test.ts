import { describe, expect, it } from 'vitest';
import type { CallerIdentity } from '../calls/caller-identity';
import type { CallView } from '../sip/types';
import {
  applySnapshot,
  closeCard,
  EMPTY_CARDS,
  MAX_CARD_AGE_MS,
  MAX_OPEN_CARDS,
  newCalls,
  phaseOf,
  toView,
  type CardsState,
} from './state';

const T0 = 1_780_000_000_000;

function call(id: string, patch: Partial<CallView> = {}): CallView {
  return {
    id,
    direction: 'incoming',
    status: 'incoming',
    remoteNumber: '+74951234567',
    muted: false,
    remoteHold: false,
    createdAt: T0,
    dtmfSent: '',
    ...patch,
  };
}

const ivan: CallerIdentity = {
  number: '+74951234567',
  name: 'Ivan Petrov',
  recordUrl: 'https://crm.example.com/index.php?module=Contacts&record=5',
  crm: 'vtiger',
  source: 'crm',
};
const ids = (...callIds: string[]) => new Map(callIds.map((id) => [id, ivan]));

/** A ringing call `a` with its card. */
function ringing(): CardsState {
  return applySnapshot(EMPTY_CARDS, [call('a')], ids('a'), T0);
}

describe('call card state', () => {
  it('gives a ringing incoming call one card, and nothing to outgoing calls', () => {
    const state = applySnapshot(
      EMPTY_CARDS,
      [call('a'), call('b', { direction: 'outgoing', status: 'dialing' })],
      ids('a', 'b'),
      T0,
    );
    expect(state.rev).toBe(1);
    expect(state.cards).toEqual([
      { callId: 'a', caller: ivan, phase: 'ringing', appearedAt: T0, seenAt: T0, closed: false },
    ]);
    expect(newCalls(state, [call('a'), call('c')]).map((c) => c.id)).toEqual(['c']);
  });

  it('waits for the caller before showing a card, and shows none for a call never seen ringing', () => {
    expect(applySnapshot(EMPTY_CARDS, [call('a')], new Map(), T0)).toBe(EMPTY_CARDS);
    const answered = call('a', { status: 'active', answeredAt: T0 });
    expect(applySnapshot(EMPTY_CARDS, [answered], ids('a'), T0)).toBe(EMPTY_CARDS);
  });

  it('follows the call forward: ringing → talking → ended', () => {
    let state = ringing();
    state = applySnapshot(
      state,
      [call('a', { status: 'active', answeredAt: T0 + 5 })],
      ids(),
      T0 + 5,
    );
    expect(state.cards[0]!.phase).toBe('talking');
    state = applySnapshot(
      state,
      [call('a', { status: 'ended', answeredAt: T0 + 5, end: { reason: 'hangup', by: 'remote' } })],
      ids(),
      T0 + 60_000,
    );
    expect(state.cards[0]!.phase).toBe('ended');
    expect(state.rev).toBe(3);
    // A late, stale report cannot take it back.
    const again = applySnapshot(state, [call('a')], ids(), T0 + 61_000);
    expect(again.cards[0]!.phase).toBe('ended');
    expect(again.rev).toBe(3);
  });

  it('tells a missed call (the caller gave up) from one we declined', () => {
    const canceled = call('a', { status: 'ended', end: { reason: 'canceled', by: 'remote' } });
    expect(phaseOf(canceled)).toBe('missed');
    const declined = call('a', { status: 'ended', end: { reason: 'rejected', by: 'local' } });
    expect(phaseOf(declined)).toBe('declined');
    expect(applySnapshot(ringing(), [canceled], ids(), T0 + 9000).cards[0]!.phase).toBe('missed');
  });

  it('counts a ringing call that vanished from the report (host lost) as missed', () => {
    const state = applySnapshot(ringing(), [], ids(), T0 + 5000);
    expect(state.cards[0]!.phase).toBe('missed');
  });

  it('keeps an unchanged state as the same object (nothing to store or broadcast)', () => {
    const state = ringing();
    expect(applySnapshot(state, [call('a')], ids(), T0)).toBe(state);
    const later = applySnapshot(state, [call('a')], ids(), T0 + 1000);
    expect(later.rev).toBe(state.rev);
  });

  it('closes a card everywhere and keeps the closed record while the call is reported', () => {
    let state = closeCard(ringing(), 'a', T0 + 1000);
    expect(state.rev).toBe(2);
    expect(toView(state).cards).toEqual([]);
    expect(closeCard(state, 'a', T0 + 2000)).toBe(state); // already closed
    expect(closeCard(state, 'nope', T0 + 2000)).toBe(state);
    // Still ringing in the next report: the card does not come back.
    state = applySnapshot(state, [call('a')], ids('a'), T0 + 3000);
    expect(toView(state).cards).toEqual([]);
    // Once the call is long gone, the record goes too.
    state = applySnapshot(state, [], ids(), T0 + 3000);
    state = applySnapshot(state, [], ids(), T0 + 3000 + 11 * 60_000);
    expect(state.cards).toEqual([]);
  });

  it('drops finished cards nobody closed after MAX_CARD_AGE_MS', () => {
    let state = applySnapshot(ringing(), [], ids(), T0 + 5000); // missed
    state = applySnapshot(state, [], ids(), T0 + MAX_CARD_AGE_MS - 1);
    expect(state.cards).toHaveLength(1);
    state = applySnapshot(state, [], ids(), T0 + MAX_CARD_AGE_MS + 1);
    expect(state.cards).toHaveLength(0);
  });

  it(`shows at most ${MAX_OPEN_CARDS} cards, closing finished ones before live ones`, () => {
    let state = EMPTY_CARDS;
    for (let i = 0; i < MAX_OPEN_CARDS; i++) {
      state = applySnapshot(state, [call(`m${i}`)], ids(`m${i}`), T0 + i);
      state = applySnapshot(state, [], ids(), T0 + i); // each one missed
    }
    state = applySnapshot(state, [call('live')], ids('live'), T0 + 100);
    const shown = toView(state).cards.map((c) => c.callId);
    expect(shown).toEqual(['m1', 'm2', 'm3', 'live']);
  });

  it('tells the tabs what they need and no CRM URL', () => {
    const unknown: CallerIdentity = {
      number: '+380441234567',
      searchUrl: 'https://crm.example.com/search?q=%2B380441234567',
      crm: 'vtiger',
      source: 'none',
    };
    let state = ringing();
    state = applySnapshot(state, [call('a'), call('b')], new Map([['b', unknown]]), T0 + 10);
    expect(toView(state)).toEqual({
      rev: 2,
      cards: [
        {
          callId: 'a',
          number: '+74951234567',
          name: 'Ivan Petrov',
          phase: 'ringing',
          appearedAt: T0,
          link: 'record',
        },
        {
          callId: 'b',
          number: '+380441234567',
          phase: 'ringing',
          appearedAt: T0 + 10,
          link: 'search',
        },
      ],
    });
  });
});
