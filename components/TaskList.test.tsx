import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallbackTask } from '@/lib/calls/types';
import { TaskList } from './TaskList';

afterEach(cleanup);

const NOW = new Date(2026, 2, 2, 15, 0).getTime();
const MIN = 60_000;
const task = (id: string, dueAt: number, over: Partial<CallbackTask> = {}): CallbackTask => ({
  id,
  number: '+74951234567',
  origin: 'missed',
  createdAt: NOW - 60 * MIN,
  dueAt,
  status: 'open',
  ...over,
});

const overdue = task('late', NOW - 2 * 60 * MIN, { name: 'ООО «Ромашка»' });
const due = task('now', NOW - 5 * MIN, { number: '+380441234567', ext: '12' });
const upcoming = task('later', NOW + 30 * MIN);

function setup(lists = { overdue: [overdue], due: [due], upcoming: [upcoming] }) {
  const handlers = { onCall: vi.fn(), onDone: vi.fn(), onSnooze: vi.fn() };
  const view = render(<TaskList tasks={lists} now={NOW} locale="en-GB" {...handlers} />);
  return { view, ...handlers };
}

describe('TaskList', () => {
  it('lists overdue, due and upcoming tasks in that order, with counts and due times', () => {
    const { view } = setup();
    const sections = [...view.container.querySelectorAll<HTMLElement>('.task-section')];
    expect(sections.map((s) => s.dataset.section)).toEqual(['overdue', 'due', 'upcoming']);
    expect(sections.map((s) => s.querySelector('h3')?.textContent)).toEqual([
      'Overdue 1',
      'Due now 1',
      'Later 1',
    ]);
    expect(sections[0]!.querySelector('.task-name')?.textContent).toBe('ООО «Ромашка»');
    expect(sections[1]!.querySelector('.task-number')?.textContent).toBe(
      '+380 44 123 4567 ext. 12',
    );
    expect(sections[2]!.querySelector('.task-due')?.textContent).toBe('Due 15:30');
  });

  it('calls, snoozes a due task for 10 minutes, and marks one done', () => {
    const { view, onCall, onDone, onSnooze } = setup();
    const dueItem = view.container.querySelector('[data-task="now"]')!;
    fireEvent.click(dueItem.querySelector('button.primary')!);
    expect(onCall).toHaveBeenCalledWith(due);
    fireEvent.click(screen.getAllByText('Snooze 10 min')[1]!);
    expect(onSnooze).toHaveBeenCalledWith(due, 10);
    fireEvent.click(screen.getAllByText('Done')[2]!);
    expect(onDone).toHaveBeenCalledWith(upcoming);
    // A task not due yet has nothing to snooze.
    expect(view.container.querySelector('[data-task="later"]')!.textContent).not.toContain(
      'Snooze',
    );
  });

  it('says so when nothing is planned', () => {
    setup({ overdue: [], due: [], upcoming: [] });
    expect(screen.getByText('No callbacks planned.')).toBeTruthy();
  });
});
