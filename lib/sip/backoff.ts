/**
 * Exponential backoff with jitter. Used for the attempts that reach a server and cost it work
 * (REGISTER after an authentication failure), so that fifty agents with a wrong password, or
 * fifty agents coming back after an outage, do not hammer the registrar in lockstep.
 */
export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseMs: number;
  /** Upper bound for any delay. */
  maxMs: number;
  /** Growth per failure. */
  factor: number;
  /** Fraction of the delay that is randomised away (0 = none, 0.5 = between 50 % and 100 %). */
  jitter: number;
}

export class Backoff {
  private failures = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt; counts one more failure. */
  next(): number {
    const { baseMs, maxMs, factor, jitter } = this.policy;
    const raw = Math.min(maxMs, baseMs * factor ** this.failures);
    this.failures += 1;
    return Math.round(raw * (1 - jitter * this.random()));
  }

  reset(): void {
    this.failures = 0;
  }

  get attempts(): number {
    return this.failures;
  }
}

/**
 * After a wrong password: 5 s, 10 s, 20 s … up to 10 min. The first retry comes soon because
 * a password typo is usually fixed in the options page (which restarts at once anyway), and the
 * cap keeps a forgotten, misconfigured browser from knocking on the registrar all day.
 */
export const AUTH_RETRY: BackoffPolicy = { baseMs: 5_000, maxMs: 600_000, factor: 2, jitter: 0.2 };

/**
 * After a registrar error that is not about credentials (5xx, timeout): 2 s, 4 s … up to 2 min.
 */
export const REGISTER_RETRY: BackoffPolicy = {
  baseMs: 2_000,
  maxMs: 120_000,
  factor: 2,
  jitter: 0.3,
};
