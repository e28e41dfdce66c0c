import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MissedGroup } from '@/lib/calls/missed';
import { MissedList } from './MissedList';

afterEach(cleanup);

const NOW = new Date(2026, 2, 2, 15, 0).getTime();
const MIN = 60_000;

const open: MissedGroup = {
  number: '+74951234567',
  name: 'Иван Петров',
  contactUrl: 'https://crm.example.com/contacts/7',
  count: 3,
  firstAt: NOW - 90 * MIN,
  lastAt: NOW - 10 * MIN,
  short: true,
  open: true,
  lastResult: 'missed',
  callIds: ['a', 'b', 'c'],
};
const resolved: MissedGroup = {
  number: '+380441234567',
  count: 1,
  firstAt: NOW - 200 * MIN,
  lastAt: NOW - 200 * MIN,
  short: false,
  open: false,
  lastResult: 'busy',
  callIds: ['d'],
  calledBack: { at: NOW - 120 * MIN, callId: 'cb', how: 'desk-phone', result: 'no-answer' },
};

function setup(groups: MissedGroup[], reminders?: Map<string, number>) {
  const handlers = { onCall: vi.fn(), onRemind: vi.fn(), onDismiss: vi.fn(), onHistory: vi.fn() };
  const view = render(
    <MissedList
      groups={groups}
      now={NOW}
      locale="en-GB"
      {...(reminders ? { reminders } : {})}
      {...handlers}
    />,
  );
  return { view, ...handlers };
}

describe('MissedList', () => {
  it('shows one entry per number with its count, times and the short flag', () => {
    const { view } = setup([open]);
    const item = view.container.querySelector('.missed-item.open')!;
    expect(item.querySelector('.missed-name')?.textContent).toBe('Иван Петров');
    expect(item.querySelector('.missed-number')?.textContent).toBe('+7 495 123 45 67');
    expect(item.querySelector('.count-badge')?.textContent).toBe('×3');
    expect(item.querySelector('.count-badge')?.getAttribute('aria-label')).toBe('Calls: 3');
    expect(item.querySelector('.tag.short')?.textContent).toBe('Hung up within seconds');
    expect(item.querySelector('time')?.textContent).toBe('14:50');
    expect(item.querySelector('.missed-first')?.textContent).toContain('13:30');
  });

  it('calls back, reminds in 10/30/60 minutes or at a chosen time, and dismisses', () => {
    const { view, onCall, onRemind, onDismiss, onHistory } = setup([open]);
    fireEvent.click(screen.getByText('Call back'));
    expect(onCall).toHaveBeenCalledWith(open);
    for (const minutes of [10, 30, 60]) fireEvent.click(screen.getByText(`${minutes} min`));
    expect(onRemind.mock.calls.map((c) => c[1])).toEqual([
      { inMinutes: 10 },
      { inMinutes: 30 },
      { inMinutes: 60 },
    ]);
    fireEvent.click(screen.getByText('Other time…'));
    const input = view.container.querySelector<HTMLInputElement>('input[type="datetime-local"]')!;
    fireEvent.input(input, { target: { value: '2026-03-02T18:30' } });
    fireEvent.submit(input.form!);
    expect(onRemind.mock.calls[3]?.[1]).toEqual({ dueAt: new Date(2026, 2, 2, 18, 30).getTime() });
    fireEvent.click(screen.getByText('Dismiss'));
    expect(onDismiss).toHaveBeenCalledWith(open);
    fireEvent.click(screen.getByText('History'));
    expect(onHistory).toHaveBeenCalledWith(open);
  });

  it('says when, how and with what result a number was called back, without actions', () => {
    const { view } = setup([open, resolved]);
    const item = view.container.querySelector('.missed-item.resolved')!;
    expect(item.querySelector('.called-back')?.textContent).toBe(
      'Called back 13:00, from the desk phone · No answer',
    );
    expect(item.querySelector('button')).toBeNull();
    expect(item.querySelector('.missed-meta .result')?.textContent).toContain('Busy');
  });

  it('shows a reminder already set for the number', () => {
    const { view } = setup([open], new Map([[open.number, NOW + 30 * MIN]]));
    expect(view.container.querySelector('.reminder-set')?.textContent).toBe('Reminder 15:30');
  });

  it('renders names as text and keeps only http(s) links', () => {
    const { view } = setup([
      { ...open, name: '<img src=x onerror=alert(1)>', contactUrl: 'javascript:alert(1)' },
    ]);
    expect(view.container.querySelector('img')).toBeNull();
    expect(view.container.querySelector('a')).toBeNull();
    expect(view.container.querySelector('.missed-name')?.textContent).toBe(
      '<img src=x onerror=alert(1)>',
    );
  });

  it('offers no callback for a withheld number, only Dismiss', () => {
    setup([{ ...open, number: 'anonymous', name: undefined, contactUrl: undefined }]);
    expect(screen.getByText('Withheld number')).toBeTruthy();
    expect(screen.queryByText('Call back')).toBeNull();
    expect(screen.queryByText('10 min')).toBeNull();
    expect(screen.getByText('Dismiss')).toBeTruthy();
  });

  it('says so when there is nothing missed', () => {
    setup([]);
    expect(screen.getByText('No missed calls.')).toBeTruthy();
  });
});
