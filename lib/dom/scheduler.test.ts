import { describe, expect, it } from 'vitest';
import { ChunkedScheduler, RUN_NOW_BUDGET_MS } from './scheduler';

/** A fake clock and a manual task queue: the test decides when time passes and tasks run. */
function harness(budgetMs = 8) {
  let now = 0;
  const tasks: Array<() => void> = [];
  const slices: number[] = [];
  const controller = new AbortController();
  const scheduler = new ChunkedScheduler({
    budgetMs,
    now: () => now,
    schedule: (run) => tasks.push(run),
    onSlice: (ms) => slices.push(ms),
    signal: controller.signal,
  });
  return {
    scheduler,
    slices,
    controller,
    tasks,
    advance: (ms: number) => (now += ms),
    runAll() {
      let n = 0;
      while (tasks.length > 0) {
        tasks.shift()!();
        if (++n > 100_000) throw new Error('runaway');
      }
      return n;
    },
  };
}

function* steps(count: number, cost: () => void, done: string[], name: string) {
  for (let i = 0; i < count; i++) {
    cost();
    yield;
  }
  done.push(name);
}

describe('ChunkedScheduler', () => {
  it('never runs a slice longer than its budget plus one step, far under 50 ms', () => {
    const h = harness(8);
    const done: string[] = [];
    // 2,000 steps of 3 ms each: 6 s of work that must not block the page for more than a frame.
    h.scheduler.add(steps(1000, () => h.advance(3), done, 'a'));
    h.scheduler.add(steps(1000, () => h.advance(3), done, 'b'));
    const tasks = h.runAll();
    expect(done).toEqual(['a', 'b']);
    expect(Math.max(...h.slices)).toBeLessThanOrEqual(8 + 3);
    expect(Math.max(...h.slices)).toBeLessThan(50);
    expect(tasks).toBeGreaterThan(600); // the work really was cut into many tasks
  });

  it('does nothing synchronously: work starts in a later task', () => {
    const h = harness();
    const done: string[] = [];
    h.scheduler.add(steps(1, () => undefined, done, 'x'));
    expect(done).toEqual([]);
    h.runAll();
    expect(done).toEqual(['x']);
  });

  it('a failing step ends only its own work', () => {
    const h = harness();
    const done: string[] = [];
    h.scheduler.add(
      (function* () {
        yield;
        throw new Error('the CRM removed the node');
      })(),
    );
    h.scheduler.add(steps(3, () => h.advance(1), done, 'after'));
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      h.runAll();
    } finally {
      console.warn = warn;
    }
    expect(done).toEqual(['after']);
  });

  it('drops queued work and accepts none once aborted', async () => {
    const h = harness(1);
    const done: string[] = [];
    h.scheduler.add(steps(100, () => h.advance(1), done, 'long'));
    h.tasks.shift()!(); // one slice
    h.controller.abort();
    h.scheduler.add(steps(1, () => undefined, done, 'late'));
    h.runAll();
    expect(done).toEqual([]);
    expect(h.scheduler.pending).toBe(0);
    await h.scheduler.idle();
  });

  it('resolves idle() when the queue drains', async () => {
    const h = harness();
    const done: string[] = [];
    h.scheduler.add(steps(5, () => h.advance(1), done, 'w'));
    const idle = h.scheduler.idle();
    h.runAll();
    await idle;
    expect(done).toEqual(['w']);
  });

  it('runNow works inside the caller for up to its own budget and queues the rest first', () => {
    const h = harness(8);
    const done: string[] = [];
    h.scheduler.add(steps(10, () => h.advance(1), done, 'old'));
    let ran = 0;
    h.scheduler.runNow(steps(40, () => (ran++, h.advance(1)), done, 'new'));
    // RUN_NOW_BUDGET_MS of the new work ran at once, in this task; nothing of the old work yet.
    expect(ran).toBe(RUN_NOW_BUDGET_MS);
    expect(h.slices).toEqual([RUN_NOW_BUDGET_MS]);
    h.runAll();
    expect(done).toEqual(['new', 'old']);
  });

  it('runNow of a small piece of work finishes it at once and queues nothing', () => {
    const h = harness(8);
    const done: string[] = [];
    h.scheduler.runNow(steps(3, () => h.advance(1), done, 'small'));
    expect(done).toEqual(['small']);
    expect(h.scheduler.pending).toBe(0);
    expect(h.tasks).toHaveLength(0);
  });
});
