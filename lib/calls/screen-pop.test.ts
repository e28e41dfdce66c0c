import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { CallView } from '../sip/types';
import type { CallerIdentity } from './caller-identity';
import { openOrFocus, popMoment, popUrl, ScreenPop } from './screen-pop';
import { callView as view, snapshotOf } from './testing';

const snap = (...calls: CallView[]) => snapshotOf(calls);

const known: CallerIdentity = {
  number: '+74951234567',
  name: 'Ivan',
  recordUrl: 'https://crm.example.com/r/5',
  source: 'crm',
};

beforeEach(() => fakeBrowser.reset());

describe('screen pop', () => {
  it('pops on ring, on answer, or never; incoming calls only', () => {
    const ringing = view({});
    const answered = view({ status: 'active', answeredAt: 5 });
    expect(popMoment(ringing, 'ring')).toBe(true);
    expect(popMoment(answered, 'ring')).toBe(false);
    expect(popMoment(ringing, 'answer')).toBe(false);
    expect(popMoment(answered, 'answer')).toBe(true);
    expect(popMoment(answered, 'never')).toBe(false);
    expect(popMoment(view({ direction: 'outgoing', answeredAt: 5 }), 'answer')).toBe(false);
  });

  it('opens the record, else the search; never a non-web URL', () => {
    expect(popUrl(known)).toBe('https://crm.example.com/r/5');
    expect(
      popUrl({ number: '+7', searchUrl: 'https://crm.example.com/s?q=7', source: 'none' }),
    ).toBe('https://crm.example.com/s?q=7');
    expect(popUrl({ number: '+7', recordUrl: 'javascript:alert(1)', source: 'crm' })).toBe(
      undefined,
    );
    expect(popUrl({ number: '+7', source: 'none' })).toBe(undefined);
  });

  it('pops each call once, even for a worker that restarted mid-call', async () => {
    const open = vi.fn(async () => {});
    const deps = { identify: async () => known, mode: async () => 'answer' as const, open };
    const answered = view({ status: 'active', answeredAt: 5 });
    await new ScreenPop(deps).sync(snap(view({})));
    expect(open).not.toHaveBeenCalled();
    const pop = new ScreenPop(deps);
    await pop.sync(snap(answered));
    await pop.sync(snap(answered));
    await new ScreenPop(deps).sync(snap(answered));
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('https://crm.example.com/r/5');
  });

  it('opens the record in the last focused normal window, never in the call window', async () => {
    vi.spyOn(fakeBrowser.windows, 'getLastFocused').mockImplementation(async (info) => {
      // The call window (27) is the focused one; the last focused normal window is 9.
      const types = (info as { windowTypes?: string[] } | undefined)?.windowTypes;
      const id = types?.length === 1 && types[0] === 'normal' ? 9 : 27;
      return { id, focused: id === 27, alwaysOnTop: false, incognito: false } as never;
    });
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    const focus = vi.spyOn(fakeBrowser.windows, 'update').mockResolvedValue({} as never);
    await openOrFocus('https://crm.example.com/r/5');
    expect(create).toHaveBeenCalledWith({
      url: 'https://crm.example.com/r/5',
      active: true,
      windowId: 9,
    });
    expect(focus).toHaveBeenCalledWith(9, { focused: true });
  });

  it('focuses a tab that already shows the record instead of opening another', async () => {
    const tab = await fakeBrowser.tabs.create({
      url: 'https://crm.example.com/r/5',
      active: false,
    });
    await fakeBrowser.tabs.create({ url: 'https://crm.example.com/list', active: true });
    const update = vi.spyOn(fakeBrowser.tabs, 'update');
    const pop = new ScreenPop({ identify: async () => known, mode: async () => 'ring' });
    await pop.sync(snap(view({})));
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.filter((t) => t.url === 'https://crm.example.com/r/5')).toHaveLength(1);
    expect(update).toHaveBeenCalledWith(tab.id, { active: true });
  });
});
