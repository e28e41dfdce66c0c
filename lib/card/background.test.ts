import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { closeCallerIdDb, rememberContacts } from '../calls/caller-id';
import type { Sender } from '../click-to-call/background';
import type { CallView, PhoneCommand, PhoneSnapshot } from '../sip/types';
import { callCardsItem } from '../storage/items';
import { crmHostsItem } from '../storage/site-settings';
import { cardService, type CardDeps } from './background';
import type { CardsView } from './state';

const SELF = fakeBrowser.runtime.id;
const T0 = 1_780_000_000_000;
const crmTab = (url = 'https://crm.example.com/index.php?module=Contacts&view=List'): Sender => ({
  id: SELF,
  url,
  tab: { id: 7, url },
  frameId: 0,
});

function snapshot(...calls: CallView[]): PhoneSnapshot {
  return {
    registration: { status: 'registered', failures: 0, since: 0 },
    calls,
    updatedAt: T0,
  };
}

function call(patch: Partial<CallView> = {}): CallView {
  return {
    id: 'call-1',
    direction: 'incoming',
    status: 'incoming',
    remoteNumber: '84951234567',
    muted: false,
    remoteHold: false,
    createdAt: T0,
    dtmfSent: '',
    ...patch,
  };
}

function setup() {
  let clock = T0;
  const commands: PhoneCommand[] = [];
  const told: CardsView[] = [];
  const deps = {
    command: vi.fn(async (cmd: PhoneCommand) => {
      commands.push(cmd);
      return { ok: true as const };
    }),
    remind: vi.fn(async () => undefined),
    openCallView: vi.fn(async () => undefined),
    broadcast: async (view: CardsView) => void told.push(view),
    now: () => clock,
    country: async () => 'RU' as const,
  } satisfies CardDeps;
  const service = cardService(deps, SELF);
  return { service, deps, commands, told, tick: (ms: number) => (clock += ms) };
}

beforeEach(async () => {
  fakeBrowser.reset();
  await closeCallerIdDb();
  await crmHostsItem.setValue([{ host: 'crm.example.com', crm: 'vtiger' }]);
});

describe('call card service', () => {
  it('shows a ringing call with the CRM name, tells the tabs, and keeps it in session storage', async () => {
    await rememberContacts([
      {
        number: '+74951234567',
        name: 'Ivan Petrov',
        recordUrl: 'https://crm.example.com/index.php?module=Contacts&record=5',
        crm: 'vtiger',
        seenAt: T0,
      },
    ]);
    const { service, told } = setup();
    await service.onSnapshot(snapshot(call({ remoteName: 'SIP name' })));
    const card = {
      callId: 'call-1',
      number: '+74951234567',
      name: 'Ivan Petrov',
      phase: 'ringing',
      appearedAt: T0,
      link: 'record',
    };
    expect(told).toEqual([{ rev: 1, cards: [card] }]);
    expect((await callCardsItem.getValue()).cards[0]!.caller.recordUrl).toContain('record=5');
    // A tab opened now gets the same cards.
    expect(await service.list(crmTab())).toEqual({ rev: 1, cards: [card] });
    // The same report again: nothing new to tell.
    await service.onSnapshot(snapshot(call()));
    expect(told).toHaveLength(1);
  });

  it('uses the SIP display name for a number the CRM does not know, as plain data', async () => {
    const { service, told } = setup();
    const name = '<img src=x onerror=alert(1)>';
    await service.onSnapshot(snapshot(call({ remoteNumber: '+380441234567', remoteName: name })));
    expect(told[0]!.cards[0]).toMatchObject({ number: '+380441234567', name });
  });

  it('refuses tabs on sites that are not enabled', async () => {
    const { service } = setup();
    await service.onSnapshot(snapshot(call()));
    await expect(service.list(crmTab('https://evil.example/'))).rejects.toThrow('not allowed');
    await expect(
      service.action(
        { callId: 'call-1', action: { type: 'close' } },
        crmTab('https://evil.example/'),
      ),
    ).rejects.toThrow('not allowed');
    expect((await callCardsItem.getValue()).cards[0]!.closed).toBe(false);
  });

  it('validates actions: known open card, known action, minutes 10/30/60 only', async () => {
    const { service, commands, deps } = setup();
    await service.onSnapshot(snapshot(call()));
    for (const bad of [
      { callId: 'call-1', action: { type: 'remind', minutes: 5 } },
      { callId: 'call-1', action: { type: 'dial', target: '+10000000000' } },
      { callId: 42, action: { type: 'close' } },
      { callId: 'x'.repeat(200), action: { type: 'close' } },
      null,
    ]) {
      const result = await service.action(bad, crmTab());
      expect(result.ok, JSON.stringify(bad)).toBe(false);
    }
    expect(
      await service.action({ callId: 'other', action: { type: 'call-back' } }, crmTab()),
    ).toEqual({
      ok: false,
      error: 'That call has already ended.',
    });
    expect(commands).toEqual([]);
    expect(deps.remind).not.toHaveBeenCalled();
  });

  it('answers and declines only while ringing; the call window opens after Answer', async () => {
    const { service, commands, deps } = setup();
    await service.onSnapshot(snapshot(call()));
    expect(
      await service.action({ callId: 'call-1', action: { type: 'answer' } }, crmTab()),
    ).toEqual({
      ok: true,
    });
    expect(deps.openCallView).toHaveBeenCalledOnce();
    await service.onSnapshot(snapshot(call({ status: 'active', answeredAt: T0 + 1 })));
    expect(
      (await service.action({ callId: 'call-1', action: { type: 'decline' } }, crmTab())).ok,
    ).toBe(false);
    expect(commands).toEqual([{ type: 'answer', callId: 'call-1' }]);
  });

  it('calls back the number and sets 10/30/60-minute reminders from its own record', async () => {
    const { service, commands, deps } = setup();
    await service.onSnapshot(snapshot(call({ remoteNumber: '+380509876543', remoteName: 'Ivan' })));
    expect(
      (await service.action({ callId: 'call-1', action: { type: 'call-back' } }, crmTab())).ok,
    ).toBe(false); // still ringing
    await service.onSnapshot(
      snapshot(
        call({
          remoteNumber: '+380509876543',
          status: 'ended',
          end: { reason: 'canceled', by: 'remote' },
        }),
      ),
    );
    expect(
      await service.action({ callId: 'call-1', action: { type: 'call-back' } }, crmTab()),
    ).toEqual({
      ok: true,
    });
    expect(commands).toEqual([{ type: 'dial', target: '+380509876543' }]);
    await service.action({ callId: 'call-1', action: { type: 'remind', minutes: 30 } }, crmTab());
    expect(deps.remind).toHaveBeenCalledWith(
      { number: '+380509876543', name: 'Ivan', callId: 'call-1' },
      30,
    );
  });

  it('closes the card in every tab at once', async () => {
    const { service, told } = setup();
    await service.onSnapshot(snapshot(call()));
    expect(await service.action({ callId: 'call-1', action: { type: 'close' } }, crmTab())).toEqual(
      {
        ok: true,
      },
    );
    expect(told.at(-1)).toEqual({ rev: 2, cards: [] });
    // Still ringing: it stays closed.
    await service.onSnapshot(snapshot(call()));
    expect(told.at(-1)).toEqual({ rev: 2, cards: [] });
  });

  it('opens the record or the search in a new tab, never a URL from the page', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const record = 'https://crm.example.com/index.php?module=Contacts&record=5';
    await rememberContacts([
      { number: '+74951234567', name: 'Ivan Petrov', recordUrl: record, crm: 'vtiger', seenAt: T0 },
    ]);
    const { service } = setup();
    await service.onSnapshot(
      snapshot(call(), call({ id: 'call-2', remoteNumber: '+380441234567' })),
    );
    // The page's own `url` is not even read: the action names the call, the record is ours.
    const open = { type: 'open', url: 'https://evil.example/' };
    expect(await service.action({ callId: 'call-1', action: open }, crmTab())).toEqual({
      ok: true,
    });
    expect(create).toHaveBeenCalledWith({ url: record, openerTabId: 7, active: true });
    // No record and no search known: nothing to open.
    create.mockClear();
    expect(
      (await service.action({ callId: 'call-2', action: { type: 'open' } }, crmTab())).ok,
    ).toBe(false);
    expect(create).not.toHaveBeenCalled();
  });
});
