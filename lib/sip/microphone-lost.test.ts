import { describe, expect, it } from 'vitest';
import { newlyLost } from './microphone-lost';
import type { CallView, PhoneSnapshot } from './types';

const call = (id: string, end?: CallView['end']): CallView => ({
  id,
  direction: 'outgoing',
  status: end ? 'ended' : 'active',
  remoteNumber: '+74951234567',
  muted: false,
  remoteHold: false,
  createdAt: 0,
  dtmfSent: '',
  ...(end ? { end, endedAt: 1 } : {}),
});

const snapshot = (calls: CallView[]): PhoneSnapshot => ({
  registration: { status: 'registered', failures: 0, since: 0 },
  calls,
  updatedAt: 0,
});

describe('newlyLost', () => {
  it('finds the calls that ended for want of a microphone and were not told yet', () => {
    const lost = call('a', { reason: 'microphone-lost', by: 'system' });
    const told = call('b', { reason: 'microphone-lost', by: 'system' });
    const hungUp = call('c', { reason: 'hangup', by: 'remote' });
    const s = snapshot([call('d'), lost, told, hungUp]);
    expect(newlyLost(s, new Set(['b']))).toEqual([lost]);
  });
});
