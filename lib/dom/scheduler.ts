/**
 * Chunked work on the page's main thread. A CRM list can hold thousands of rows; scanning them
 * in one go would freeze the page for hundreds of milliseconds. Work is split into small steps
 * (a generator yields after each text run or field), and the scheduler runs steps only while a
 * slice's budget lasts, then yields to the page (input, rendering) and continues in a new task.
 *
 * The budget is well under the 50 ms that makes a "long task": one step is at most a few
 * milliseconds (one finder call on one run of text), so a slice ends at budget + one step.
 */

/** A unit of chunked work: each `next()` does one small step. */
export type Work = Iterator<unknown, unknown, undefined>;

export interface SchedulerOptions {
  /** Milliseconds of work per slice before yielding to the page. */
  budgetMs?: number;
  /** Milliseconds runNow() may work inside the caller's task. */
  nowBudgetMs?: number;
  /** The clock (tests pass a fake one). */
  now?: () => number;
  /** Runs `run` in a new task (tests pass a manual queue). */
  schedule?: (run: () => void) => void;
  /** Reports the duration of every slice, for the benchmark and tests. */
  onSlice?: (ms: number, steps: number) => void;
  /** Everything stops when this aborts: queued work is dropped, nothing runs again. */
  signal?: AbortSignal;
}

export const DEFAULT_BUDGET_MS = 8;

/**
 * How long runNow() may work inside the page's own task. A hundred list rows take ~8 ms once the
 * code is warm, but the first addition after the page loaded took 12–36 ms in the bench (code
 * not yet optimised, a garbage collection): with twice the budget (16 ms) as the limit, half of
 * those first additions got their controls a frame late, and that frame cost a second style,
 * layout and paint pass (~55 ms on the 5,000-row list). 30 ms keeps the page's task together with
 * ours under the 50 ms of a long task for an addition of that size.
 */
export const RUN_NOW_BUDGET_MS = 30;

/**
 * A new task as soon as possible: a MessageChannel message is not clamped to 4 ms the way
 * nested setTimeout calls are, and still lets input and rendering run in between.
 */
export function nextTask(run: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    run();
  };
  channel.port2.postMessage(null);
}

export class ChunkedScheduler {
  private readonly queue: Work[] = [];
  private scheduled = false;
  private readonly budgetMs: number;
  private readonly nowBudgetMs: number;
  private readonly now: () => number;
  private readonly schedule: (run: () => void) => void;
  private readonly onSlice: ((ms: number, steps: number) => void) | undefined;
  private readonly signal: AbortSignal | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(options: SchedulerOptions = {}) {
    this.budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
    this.nowBudgetMs = options.nowBudgetMs ?? RUN_NOW_BUDGET_MS;
    this.now = options.now ?? (() => performance.now());
    this.schedule = options.schedule ?? nextTask;
    this.onSlice = options.onSlice;
    this.signal = options.signal;
    this.signal?.addEventListener('abort', () => {
      this.queue.length = 0;
      this.resolveIdle();
    });
  }

  /** Queues work; it starts in a later task, never synchronously inside the caller. */
  add(work: Work): void {
    if (this.signal?.aborted) return;
    this.queue.push(work);
    this.kick();
  }

  /**
   * Runs `work` at once, inside the caller's task, for up to RUN_NOW_BUDGET_MS, and queues the
   * rest ahead of older work. For what the page has just added: done before the browser renders
   * the change, our controls share the style and layout pass the page's own change causes; done
   * in a later task, they cost a second pass, and on a big table that pass costs as much as the
   * first (bench: 100 rows prepended to a 5,000-row list).
   */
  runNow(work: Work): void {
    if (this.signal?.aborted) return;
    const start = this.now();
    let steps = 0;
    let done = false;
    while (!done) {
      done = this.step(work);
      steps++;
      if (this.now() - start >= this.nowBudgetMs) break;
    }
    this.onSlice?.(this.now() - start, steps);
    if (done) return;
    this.queue.unshift(work);
    this.kick();
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Resolves once the queue is empty (at once if it is). */
  idle(): Promise<void> {
    if (this.queue.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.slice());
  }

  /** Runs steps until the budget is spent or the queue is empty. */
  private slice(): void {
    this.scheduled = false;
    if (this.signal?.aborted) return;
    const start = this.now();
    let steps = 0;
    while (this.queue.length > 0) {
      const work = this.queue[0]!;
      const done = this.step(work);
      steps++;
      if (done) this.queue.shift();
      if (this.now() - start >= this.budgetMs) break;
    }
    this.onSlice?.(this.now() - start, steps);
    if (this.queue.length > 0) this.kick();
    else this.resolveIdle();
  }

  /** One step of `work`; true when it is finished. */
  private step(work: Work): boolean {
    try {
      return work.next().done === true;
    } catch (error) {
      // One broken step (a node the CRM removed mid-scan, say) must not stop the others.
      console.warn('callbridge: a scan step failed', error);
      return true;
    }
  }

  private resolveIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
