import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { CallView } from '../sip/types';
import type { CallerIdentity } from './caller-identity';
import { IncomingCallNotifier } from './incoming-notification';
import { callView, snapshotOf } from './testing';

const view = (over: Partial<CallView>) => callView({ remoteName: 'TRUNK', ...over });
const snap = (...calls: CallView[]) => snapshotOf(calls);

const ivan: CallerIdentity = {
  number: '+74951234567',
  name: 'Иван Петров',
  recordUrl: 'https://crm.example.com/r/5',
  source: 'crm',
};

function notifier(quiet = false) {
  return new IncomingCallNotifier(
    async () => ({ ok: true }),
    async () => {},
    async () => {},
    async () => {},
    async () => ivan,
    async () => quiet,
  );
}

beforeEach(() => fakeBrowser.reset());

describe('incoming-call notifications', () => {
  it('name the caller as the CRM knows them, then turn into a missed-call notification', async () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    const n = notifier();
    await n.sync(snap(view({})));
    expect(create).toHaveBeenLastCalledWith(
      'callbridge-call:in1',
      expect.objectContaining({ message: 'Иван Петров · +7 495 123 45 67' }),
    );
    await n.sync(
      snap(view({ status: 'ended', endedAt: 3, end: { reason: 'canceled', by: 'remote' } })),
    );
    const [id, options] = create.mock.lastCall as unknown as [string, { message: string }];
    expect(id.startsWith('callbridge-missed:')).toBe(true);
    expect(id).toContain('Иван Петров');
    expect(options.message).toBe('Иван Петров · +7 495 123 45 67');
  });

  it('stay away while a call card in the CRM tab in front shows the call', async () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    const n = notifier(true);
    await n.sync(snap(view({})));
    await n.sync(
      snap(view({ status: 'ended', endedAt: 3, end: { reason: 'canceled', by: 'remote' } })),
    );
    expect(create).not.toHaveBeenCalled();
  });
});
