import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, canTransition, nextStatus } from './call-machine';

describe('call state machine', () => {
  it('walks an outgoing call through ringing, active, held and back', () => {
    let s = nextStatus('dialing', 'progress');
    expect(s).toBe('ringing');
    s = nextStatus(s, 'progress');
    expect(s).toBe('ringing');
    s = nextStatus(s, 'established');
    expect(s).toBe('active');
    s = nextStatus(s, 'hold');
    expect(s).toBe('held');
    s = nextStatus(s, 'unhold');
    expect(s).toBe('active');
    expect(nextStatus(s, 'end')).toBe('ended');
  });

  it('walks an incoming call through answer and establishment', () => {
    expect(nextStatus('incoming', 'answer')).toBe('connecting');
    expect(nextStatus('connecting', 'established')).toBe('active');
  });

  it('throws on impossible moves', () => {
    expect(() => nextStatus('incoming', 'hold')).toThrow(IllegalTransitionError);
    expect(() => nextStatus('active', 'answer')).toThrow(/answer in active/);
    expect(() => nextStatus('ended', 'end')).toThrow(IllegalTransitionError);
    expect(() => nextStatus('held', 'hold')).toThrow(IllegalTransitionError);
  });

  it('lets every live state end', () => {
    for (const s of ['dialing', 'ringing', 'incoming', 'connecting', 'active', 'held'] as const) {
      expect(canTransition(s, 'end')).toBe(true);
    }
    expect(canTransition('ended', 'end')).toBe(false);
  });
});
