import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallRecord } from '@/lib/calls/types';
import { HistoryList } from './HistoryList';

afterEach(cleanup);

const NOW = new Date(2026, 2, 2, 15, 0).getTime();
const MIN = 60_000;

const answered: CallRecord = {
  id: 'a',
  source: 'softphone',
  direction: 'incoming',
  number: '+74951234567',
  startedAt: NOW - 30 * MIN,
  answeredAt: NOW - 29 * MIN,
  endedAt: NOW - 17 * MIN,
  result: 'answered',
  durationSec: 725,
  recordingUrl: 'https://pbx.example.com/rec/a.mp3',
  contactName: 'Иван Петров',
  contactUrl: 'https://crm.example.com/contacts/7',
  updatedAt: NOW,
};
const missed: CallRecord = {
  id: 'm',
  source: 'pbx',
  direction: 'incoming',
  number: '+380441234567',
  startedAt: NOW - 26 * 60 * MIN,
  endedAt: NOW - 26 * 60 * MIN + 3_000,
  result: 'missed',
  durationSec: 0,
  short: true,
  missed: 1,
  openMissed: '+380441234567',
  updatedAt: NOW,
};
const outgoing: CallRecord = {
  id: 'o',
  source: 'softphone',
  direction: 'outgoing',
  number: '+14155552671',
  startedAt: NOW - 60 * MIN,
  result: 'no-answer',
  durationSec: 0,
  recordingUrl: 'javascript:alert(1)',
  remoteName: '<b>Bob</b>',
  updatedAt: NOW,
};

function setup(over: Partial<Parameters<typeof HistoryList>[0]> = {}) {
  const handlers = {
    onFilter: vi.fn(),
    onSearch: vi.fn(),
    onCall: vi.fn(),
    onRemind: vi.fn(),
    onNumber: vi.fn(),
    onMore: vi.fn(),
    onBack: vi.fn(),
  };
  const view = render(
    <HistoryList
      calls={[answered, outgoing, missed]}
      filter="all"
      search=""
      now={NOW}
      locale="en-GB"
      hasMore
      {...handlers}
      {...over}
    />,
  );
  return { view, ...handlers };
}

describe('HistoryList', () => {
  it('shows direction, result, talk time and time for every call', () => {
    const { view } = setup();
    const rows = [...view.container.querySelectorAll<HTMLElement>('.history-row')];
    expect(rows.map((r) => r.dataset.call)).toEqual(['a', 'o', 'm']);
    const [a, o, m] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(a.querySelector('.direction')?.getAttribute('aria-label')).toBe('Incoming');
    expect(a.querySelector('.history-name')?.textContent).toBe('Иван Петров');
    expect(a.querySelector('.result')?.textContent).toBe('Answered');
    expect(a.querySelector('.duration')?.textContent).toBe('12:05');
    expect(a.querySelector('time')?.textContent).toBe('14:30');
    expect(o.querySelector('.direction')?.getAttribute('aria-label')).toBe('Outgoing');
    expect(o.querySelector('.result')?.textContent).toBe('No answer');
    expect(o.querySelector('.duration')).toBeNull();
    expect(m.classList.contains('missed')).toBe(true);
    expect(m.querySelector('.tag.short')).toBeTruthy();
    expect(m.querySelector('time')?.textContent).toMatch(/^Sun/);
  });

  it('links only http(s) recordings and CRM records, opened without an opener', () => {
    const { view } = setup();
    const links = [...view.container.querySelectorAll('a')];
    expect(links.map((l) => [l.className, l.getAttribute('href'), l.getAttribute('rel')])).toEqual([
      ['recording', 'https://pbx.example.com/rec/a.mp3', 'noopener noreferrer'],
      ['contact', 'https://crm.example.com/contacts/7', 'noopener noreferrer'],
    ]);
    // The display name from SIP is text, never markup.
    expect(view.container.querySelector('b')).toBeNull();
    expect(screen.getByText('<b>Bob</b>')).toBeTruthy();
  });

  it('switches tabs, searches, pages, and opens one number', () => {
    const { view, onFilter, onSearch, onMore, onNumber, onCall } = setup();
    fireEvent.click(screen.getByRole('tab', { name: 'Missed' }));
    expect(onFilter).toHaveBeenCalledWith('missed');
    const search = screen.getByPlaceholderText('Search by number or name');
    fireEvent.input(search, { target: { value: '495' } });
    expect(onSearch).toHaveBeenCalledWith('495');
    fireEvent.click(screen.getByText('Show more'));
    expect(onMore).toHaveBeenCalled();
    fireEvent.click(screen.getByText('+7 495 123 45 67'));
    expect(onNumber).toHaveBeenCalledWith('+74951234567');
    fireEvent.click(view.container.querySelector('[data-call="m"] .history-actions button')!);
    expect(onCall).toHaveBeenCalledWith(missed);
  });

  it('sets a callback reminder from a row', () => {
    const { view, onRemind } = setup();
    const row = view.container.querySelector('[data-call="o"]')!;
    fireEvent.click(row.querySelector('button[aria-expanded]')!);
    fireEvent.click(row.querySelector('button[data-minutes="30"]')!);
    expect(onRemind).toHaveBeenCalledWith(outgoing, { inMinutes: 30 });
    expect(row.querySelector('.remind')).toBeNull();
  });

  it("shows one number's history with a way back and no search box", () => {
    const { onBack } = setup({ number: '+74951234567', calls: [answered] });
    expect(screen.getByText('History: +7 495 123 45 67')).toBeTruthy();
    expect(screen.queryByPlaceholderText('Search by number or name')).toBeNull();
    fireEvent.click(screen.getByText(/All calls/));
    expect(onBack).toHaveBeenCalled();
  });

  it('marks the selected tab and says when nothing matches', () => {
    const { view } = setup({ calls: [], filter: 'outgoing', hasMore: false });
    expect(view.container.querySelector('[aria-selected="true"]')?.textContent).toBe('Outgoing');
    expect(screen.getByText('No calls found.')).toBeTruthy();
    expect(screen.queryByText('Show more')).toBeNull();
  });
});
