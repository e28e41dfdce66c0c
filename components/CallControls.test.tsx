import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import type { CallView } from '@/lib/sip/types';
import { CallControls } from './CallControls';

const base: CallView = {
  id: 'c1',
  direction: 'incoming',
  status: 'incoming',
  remoteNumber: '+74951234567',
  muted: false,
  remoteHold: false,
  createdAt: 0,
  dtmfSent: '',
};

function setup(call: Partial<CallView>, others: CallView[] = []) {
  const onCommand = vi.fn();
  const view = render(
    <CallControls call={{ ...base, ...call }} others={others} now={65_000} onCommand={onCommand} />,
  );
  return { onCommand, view };
}

describe('CallControls', () => {
  it('offers answer, decline and busy while ringing, and sends the right commands', () => {
    const { onCommand, view } = setup({});
    fireEvent.click(view.container.querySelector('button.answer')!);
    fireEvent.click(view.container.querySelector('button.decline')!);
    fireEvent.click(view.container.querySelector('button.busy')!);
    expect(onCommand.mock.calls.map((c) => c[0])).toEqual([
      { type: 'answer', callId: 'c1' },
      { type: 'decline', callId: 'c1' },
      { type: 'decline', callId: 'c1', busy: true },
    ]);
    expect(view.container.querySelector('button.hangup')).toBeNull();
  });

  it('renders a caller name with markup as text', () => {
    const { view } = setup({ remoteName: '<img src=x onerror=alert(1)>Ivan' });
    expect(view.container.querySelector('img')).toBeNull();
    expect(screen.getByText('<img src=x onerror=alert(1)>Ivan')).toBeTruthy();
  });

  it('shows the CRM contact over the SIP name, with a link to the record (web URLs only)', () => {
    const view = render(
      <CallControls
        call={{ ...base, remoteName: 'TRUNK-1' }}
        contact={{ name: 'Иван Петров', recordUrl: 'https://crm.example.com/r/5' }}
        others={[]}
        now={0}
        onCommand={() => undefined}
      />,
    );
    expect(view.container.querySelector('.call-name')?.textContent).toBe('Иван Петров');
    expect(view.container.querySelector('a.call-record')?.getAttribute('href')).toBe(
      'https://crm.example.com/r/5',
    );
    view.rerender(
      <CallControls
        call={base}
        contact={{ recordUrl: 'javascript:alert(1)' }}
        others={[]}
        now={0}
        onCommand={() => undefined}
      />,
    );
    expect(view.container.querySelector('a.call-record')).toBeNull();
  });

  it('in a call: hold, mute, keypad DTMF and hang up', () => {
    const { onCommand, view } = setup({ status: 'active', answeredAt: 0 });
    expect(view.container.querySelector('.call-timer')?.textContent).toBe('01:05');
    fireEvent.click(view.container.querySelector('button.hold')!);
    fireEvent.click(view.container.querySelector('button.mute')!);
    fireEvent.click(view.container.querySelector('button.keypad-toggle')!);
    fireEvent.click(view.container.querySelector('.dtmf .key[data-key="5"]')!);
    fireEvent.click(view.container.querySelector('button.hangup')!);
    expect(onCommand.mock.calls.map((c) => c[0])).toEqual([
      { type: 'hold', callId: 'c1', on: true },
      { type: 'mute', callId: 'c1', on: true },
      { type: 'dtmf', callId: 'c1', tones: '5' },
      { type: 'hangup', callId: 'c1' },
    ]);
  });

  it('transfers blind, or consults and then connects the two calls', () => {
    const consult: CallView = {
      ...base,
      id: 'c2',
      status: 'active',
      direction: 'outgoing',
      remoteNumber: '1002',
    };
    const { onCommand, view } = setup({ status: 'held' }, [consult]);
    fireEvent.click(view.container.querySelector('button.transfer-toggle')!);
    fireEvent.input(view.container.querySelector('input.transfer-target')!, {
      target: { value: '1003' },
    });
    fireEvent.click(view.container.querySelector('button.blind-transfer')!);
    fireEvent.click(view.container.querySelector('button.complete-transfer')!);
    expect(onCommand.mock.calls.map((c) => c[0])).toEqual([
      { type: 'blind-transfer', callId: 'c1', target: '1003' },
      { type: 'attended-transfer', callId: 'c1', consultCallId: 'c2' },
    ]);
  });

  it('says how an ended call ended', () => {
    const { view } = setup({ status: 'ended', end: { reason: 'busy', by: 'remote', code: 486 } });
    expect(view.container.querySelector('.call-end')?.getAttribute('data-reason')).toBe('busy');
    expect(view.container.querySelectorAll('.call-actions button')).toHaveLength(0);
  });
});
