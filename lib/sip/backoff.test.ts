import { describe, expect, it } from 'vitest';
import { AUTH_RETRY, Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles up to the cap without jitter', () => {
    const b = new Backoff({ baseMs: 100, maxMs: 1000, factor: 2, jitter: 0 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(b.attempts).toBe(6);
    b.reset();
    expect(b.next()).toBe(100);
  });

  it('keeps jittered delays inside [delay*(1-jitter), delay]', () => {
    const low = new Backoff({ baseMs: 1000, maxMs: 10_000, factor: 2, jitter: 0.5 }, () => 1);
    const high = new Backoff({ baseMs: 1000, maxMs: 10_000, factor: 2, jitter: 0.5 }, () => 0);
    expect(low.next()).toBe(500);
    expect(high.next()).toBe(1000);
  });

  it('never retries a wrong password faster than every few seconds', () => {
    const b = new Backoff(AUTH_RETRY, () => 1);
    const delays = Array.from({ length: 12 }, () => b.next());
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(4000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(600_000);
    for (let i = 1; i < delays.length; i++)
      expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
  });
});
