import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardView } from '@/lib/card/state';
import { CallCards } from './CallCard';

const T0 = new Date(2026, 2, 2, 14, 30).getTime();

const ringing: CardView = {
  callId: 'a',
  number: '+74951234567',
  name: 'Ivan Petrov',
  phase: 'ringing',
  appearedAt: T0,
  link: 'record',
};

const { name: _name, ...nameless } = ringing;

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function setup(cards: CardView[]) {
  const onAction = vi.fn(async () => ({ ok: true as const }));
  const view = render(<CallCards cards={cards} onAction={onAction} locale="en-GB" />);
  const card = (id = 'a') =>
    view.container.querySelectorAll<HTMLElement>('.card')[cards.findIndex((c) => c.callId === id)]!;
  return { view, onAction, card };
}

describe('CallCards', () => {
  it('shows who is calling — the name, then the number — and the state', () => {
    const { card } = setup([ringing]);
    expect(card().dataset.view).toBe('expanded');
    expect(card().querySelector('.name')?.textContent).toBe('Ivan Petrov');
    expect(card().querySelector('.number')?.textContent).toBe('+7 495 123 45 67');
    expect(card().querySelector('.phase')?.textContent).toBe('Incoming call');
    expect(card().querySelector('.phase')?.getAttribute('aria-live')).toBe('polite');
    const buttons = [...card().querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toEqual([
      '',
      '',
      'Open in CRM',
      'Answer',
      'Decline',
      '10 min',
      '30 min',
      '60 min',
    ]);
  });

  it('shows the number alone when the name is unknown, and a name with markup as text', () => {
    const name = '<img src=x onerror=alert(1)>';
    const { view } = setup([nameless, { ...ringing, callId: 'b', name, number: '+380441234567' }]);
    const [unknown, html] = view.container.querySelectorAll('.card');
    expect(unknown!.querySelector('.name')?.textContent).toBe('+7 495 123 45 67');
    expect(unknown!.querySelector('.number')).toBeNull();
    expect(html!.querySelector('.name')?.textContent).toBe(name);
    expect(view.container.querySelector('img')).toBeNull();
  });

  it('collapses to a strip 20 s after it appeared; a click expands it, Minimise collapses it', async () => {
    const { card } = setup([ringing]);
    await act(() => void vi.advanceTimersByTime(19_900));
    expect(card().dataset.view).toBe('expanded');
    await act(() => void vi.advanceTimersByTime(200));
    expect(card().dataset.view).toBe('collapsed');
    expect(card().querySelector('.name')?.textContent).toBe('Ivan Petrov');
    expect(card().querySelector('.phase')?.textContent).toBe('Incoming call');
    fireEvent.click(card().querySelector('button.expand')!);
    expect(card().dataset.view).toBe('expanded');
    // Expanded by hand: the clock no longer folds it.
    await act(() => void vi.advanceTimersByTime(60_000));
    expect(card().dataset.view).toBe('expanded');
    fireEvent.click(card().querySelector('button.collapse')!);
    expect(card().dataset.view).toBe('collapsed');
  });

  it('is already a strip in a tab that opens more than 20 s after the call came in', () => {
    const { card } = setup([{ ...ringing, appearedAt: T0 - 25_000 }]);
    expect(card().dataset.view).toBe('collapsed');
  });

  it('offers Call back and its time for a missed call, and no Answer', async () => {
    const { card } = setup([{ ...ringing, phase: 'missed', link: 'search' }]);
    expect(card().querySelector('.phase')?.textContent).toBe('Missed call · 14:30');
    const buttons = [...card().querySelectorAll('.actions button')].map((b) => b.textContent);
    expect(buttons).toEqual(['Call back']);
    expect(card().querySelector('.who button.open')?.textContent).toBe('Search in CRM');
    // The strip keeps the time: it may stay there for hours.
    await act(() => void vi.advanceTimersByTime(20_000));
    expect(card().querySelector('.phase')?.textContent).toBe('Missed call · 14:30');
  });

  it('sends each action with its event, and says what it did', async () => {
    const { card, onAction } = setup([{ ...ringing, phase: 'missed' }]);
    fireEvent.click(card().querySelector('button.call-back')!);
    expect(onAction).toHaveBeenLastCalledWith('a', { type: 'call-back' }, expect.any(Event));
    fireEvent.click(card().querySelector('button[data-minutes="30"]')!);
    expect(onAction).toHaveBeenLastCalledWith(
      'a',
      { type: 'remind', minutes: 30 },
      expect.any(Event),
    );
    await act(async () => undefined);
    expect(card().querySelector('[role="status"]')?.textContent).toBe(
      'Reminder set: call back in 30 min.',
    );
    fireEvent.click(card().querySelector('button.open')!);
    expect(onAction).toHaveBeenLastCalledWith('a', { type: 'open' }, expect.any(Event));
  });

  it('shows the reason when an action fails', async () => {
    const { card, onAction } = setup([{ ...ringing, phase: 'missed' }]);
    onAction.mockResolvedValueOnce({
      ok: false,
      error: 'The phone is not connected to the PBX.',
    } as never);
    fireEvent.click(card().querySelector('button.call-back')!);
    await act(async () => undefined);
    const note = card().querySelector('[role="status"]')!;
    expect(note.textContent).toBe('The phone is not connected to the PBX.');
    expect(note.className).toContain('error');
  });

  it('closes with the cross or Escape, expanded or collapsed', async () => {
    const { card, onAction } = setup([ringing]);
    fireEvent.click(card().querySelector('button.close')!);
    expect(onAction).toHaveBeenLastCalledWith('a', { type: 'close' }, expect.any(Event));
    onAction.mockClear();
    fireEvent.keyDown(card().querySelector('button.answer')!, { key: 'Escape' });
    expect(onAction).toHaveBeenCalledWith('a', { type: 'close' }, expect.any(Event));
    await act(() => void vi.advanceTimersByTime(20_000));
    onAction.mockClear();
    fireEvent.click(card().querySelector('button.close')!);
    expect(onAction).toHaveBeenCalledWith('a', { type: 'close' }, expect.any(Event));
  });

  it('renders nothing without cards', () => {
    const { view } = setup([]);
    expect(view.container.innerHTML).toBe('');
  });
});
