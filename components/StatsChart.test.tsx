import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { callStats, type CallStats, type HourCell } from '@/lib/calls/history';
import { seedCalls } from '@/lib/calls/seed';
import { freshDb } from '@/lib/calls/testing';
import { StatsChart } from './StatsChart';

afterEach(cleanup);

function emptyStats(): CallStats {
  const cell = (): HourCell => ({ answered: 0, missed: 0 });
  return {
    since: 0,
    until: 1,
    total: 0,
    incoming: 0,
    outgoing: 0,
    answered: 0,
    missed: 0,
    short: 0,
    calledBack: 0,
    byWeekdayHour: Array.from({ length: 7 }, () => Array.from({ length: 24 }, cell)),
    byWeekday: Array.from({ length: 7 }, cell),
    byHour: Array.from({ length: 24 }, cell),
  };
}

function sample(): CallStats {
  const stats = emptyStats();
  // Monday 10:00: 8 answered, 2 missed; Friday 17:00: 1 answered, 3 missed.
  stats.byWeekdayHour[1]![10] = { answered: 8, missed: 2 };
  stats.byWeekdayHour[5]![17] = { answered: 1, missed: 3 };
  stats.byWeekday[1] = { answered: 8, missed: 2 };
  stats.byWeekday[5] = { answered: 1, missed: 3 };
  Object.assign(stats, { total: 14, incoming: 14, answered: 9, missed: 5, calledBack: 4 });
  return stats;
}

describe('StatsChart', () => {
  it('draws a weekday × hour heatmap, Monday first in Europe, with exact figures on hover', () => {
    const view = render(<StatsChart stats={sample()} locale="en-GB" />);
    const rows = [
      ...view.container.querySelectorAll<SVGGElement>('.stats-heatmap g[data-weekday]'),
    ];
    expect(rows.map((r) => r.dataset.weekday)).toEqual(['1', '2', '3', '4', '5', '6', '0']);
    expect(rows[0]!.querySelectorAll('.cell')).toHaveLength(24);
    const peak = rows[0]!.querySelector<SVGGElement>('.cell[data-hour="10"]')!;
    expect(peak.querySelector('title')?.textContent).toBe('Mon, 10:00: 8 answered, 2 missed');
    // The missed share rises from the bottom of the cell: 2 of 10 is a fifth of its height.
    const [, missedRect] = peak.querySelectorAll('rect');
    expect(Number(missedRect!.getAttribute('height'))).toBeCloseTo(18 / 5);
    // The busiest hour is the darkest; an hour without calls is grey.
    const fill = (g: Element) => g.querySelector('rect')!.getAttribute('fill')!;
    expect(fill(peak)).toBe('rgba(9, 105, 218, 1.000)');
    expect(fill(rows[0]!.querySelector('.cell[data-hour="3"]')!)).toBe('#eef1f4');
  });

  it('starts the week on Sunday in the US', () => {
    const view = render(<StatsChart stats={sample()} locale="en-US" />);
    const first = view.container.querySelector<SVGGElement>('.stats-heatmap g[data-weekday]');
    expect(first?.dataset.weekday).toBe('0');
  });

  it('draws answered vs missed bars per weekday with the missed share', () => {
    const view = render(<StatsChart stats={sample()} locale="en-GB" />);
    const friday = view.container.querySelector('.stats-bars .bar[data-weekday="5"]')!;
    expect(friday.querySelector('.value')?.textContent).toBe('4 · 75% missed');
    const [answered, missed] = friday.querySelectorAll('rect');
    // Monday's 10 calls fill the scale; Friday's 1 + 3 take 10 % and 30 % of it.
    expect(Number(missed!.getAttribute('width'))).toBeCloseTo(
      3 * Number(answered!.getAttribute('width')),
    );
    expect(
      screen.getByText('Incoming: 14 · answered: 9 · missed: 5 · called back: 4'),
    ).toBeTruthy();
  });

  it('says so when there were no incoming calls', () => {
    render(<StatsChart stats={emptyStats()} locale="en-GB" />);
    expect(screen.getByText('No incoming calls in this period.')).toBeTruthy();
  });

  it('adds up to the log it was computed from', async () => {
    const db = await freshDb();
    const now = new Date(2026, 2, 2, 18, 0).getTime();
    await seedCalls(500, { db, now, seed: 3 });
    const stats = await callStats(db, { since: now - 31 * 86_400_000, until: now + 1 });
    const view = render(<StatsChart stats={stats} locale="ru" />);
    const cells = [...view.container.querySelectorAll<SVGGElement>('.stats-heatmap .cell')];
    const sum = cells.reduce((n, c) => n + Number(c.dataset.total), 0);
    expect(sum).toBe(stats.incoming);
    expect(stats.incoming).toBeGreaterThan(200);
    // Working hours on weekdays are busier than nights.
    expect(stats.byHour[11]!.answered + stats.byHour[11]!.missed).toBeGreaterThan(
      stats.byHour[3]!.answered + stats.byHour[3]!.missed,
    );
  });
});
