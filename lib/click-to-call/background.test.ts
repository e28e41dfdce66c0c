import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { closeCallerIdDb, lookupContact, searchUrlsFor } from '../calls/caller-id';
import type { PhoneLink } from '../sip/link';
import type { PhoneCommand } from '../sip/types';
import { phonePrefsItem } from '../storage/items';
import { crmHostsItem } from '../storage/site-settings';
import {
  acceptContacts,
  contentHandlers,
  crmTabInFront,
  enabledSender,
  type Sender,
} from './background';

const SELF = fakeBrowser.runtime.id;
const crmTab = (url = 'https://crm.example.com/index.php?module=Contacts&view=List'): Sender => ({
  id: SELF,
  url,
  tab: { id: 7, url },
  frameId: 0,
});

function fakeLink(clipboard = true): PhoneLink & { commands: PhoneCommand[]; copied: string[] } {
  const commands: PhoneCommand[] = [];
  const copied: string[] = [];
  return {
    commands,
    copied,
    copyText: async (text) => {
      if (!clipboard) return false;
      copied.push(text);
      return true;
    },
    ensure: async () => undefined,
    configure: async () => undefined,
    command: async (cmd) => {
      commands.push(cmd);
      return { ok: true, callId: 'c1' };
    },
    snapshot: async () => ({
      registration: { status: 'registered', failures: 0, since: 0 },
      calls: [],
      updatedAt: 0,
    }),
    testConnection: async () => ({ ok: true, ms: 1 }),
    stats: async () => [],
  };
}

beforeEach(async () => {
  fakeBrowser.reset();
  await closeCallerIdDb();
  await crmHostsItem.setValue([{ host: 'crm.example.com', crm: 'vtiger' }]);
  await phonePrefsItem.setValue({ dtmfMode: 'auto', iceServers: [], defaultCountry: 'RU' });
});

describe('content handlers', () => {
  it('dials E.164 numbers with their extension for content scripts on enabled sites', async () => {
    const link = fakeLink();
    const handlers = contentHandlers(link, { createCallback: () => undefined }, SELF);
    const request = {
      number: '+74951234567',
      ext: '204',
      source: { crm: 'vtiger', page: 'vtiger:list' },
    };
    expect(await handlers.dial(request, crmTab())).toEqual({ ok: true });
    expect(link.commands).toEqual([{ type: 'dial', target: '+74951234567', ext: '204' }]);
  });

  it('refuses senders that are not content scripts on an enabled site', async () => {
    const link = fakeLink();
    const handlers = contentHandlers(link, { createCallback: () => undefined }, SELF);
    const request = { number: '+74951234567', source: { crm: 'vtiger' } };
    // An extension page (no tab), another extension, a site the user did not enable.
    await expect(
      handlers.dial(request, { id: SELF, url: 'chrome-extension://x/popup.html' }),
    ).rejects.toThrow('not allowed');
    await expect(handlers.dial(request, { ...crmTab(), id: 'other' })).rejects.toThrow(
      'not allowed',
    );
    await expect(handlers.dial(request, crmTab('https://evil.example/'))).rejects.toThrow(
      'not allowed',
    );
    expect(link.commands).toEqual([]);
  });

  it('validates what content scripts send', async () => {
    const link = fakeLink();
    const handlers = contentHandlers(link, { createCallback: () => undefined }, SELF);
    for (const bad of [
      { number: '84951234567', source: { crm: 'vtiger' } }, // not E.164
      { number: '+74951234567', ext: '12a', source: { crm: 'vtiger' } },
      { number: 'sip:1001@pbx', source: { crm: 'vtiger' } },
      { number: '+74951234567', source: { crm: 'other' } },
      null,
    ]) {
      expect((await handlers.dial(bad, crmTab())).ok).toBe(false);
    }
    expect(link.commands).toEqual([]);
  });

  it('creates callback tasks through the injected store, for 10, 30 or 60 minutes only', async () => {
    const created: Array<[string, number]> = [];
    const handlers = contentHandlers(
      fakeLink(),
      { createCallback: (n, m) => void created.push([n, m]) },
      SELF,
    );
    expect(await handlers.callback({ number: '+74951234567', minutes: 30 }, crmTab())).toEqual({
      ok: true,
    });
    expect((await handlers.callback({ number: '+74951234567', minutes: 45 }, crmTab())).ok).toBe(
      false,
    );
    expect(created).toEqual([['+74951234567', 30]]);
  });

  it('acts on the number under the pointer, or a selected one, from the context menu', async () => {
    let now = 1_000;
    const link = fakeLink();
    const created: Array<[string, number]> = [];
    const histories: string[] = [];
    const handlers = contentHandlers(
      link,
      {
        createCallback: (n, m) => void created.push([n, m]),
        openHistory: async (n) => void histories.push(n),
        now: () => now,
      },
      SELF,
    );
    await handlers.pointer({ number: '+79161234567' }, crmTab());
    const target = await handlers.menuTarget({}, 7);
    expect(target).toEqual({ number: '+79161234567' });
    expect(await handlers.menuClicked('call', target!, { id: 7, url: crmTab().url! })).toBe(true);
    expect(await handlers.menuClicked('callback-60', target!, { id: 7, url: crmTab().url! })).toBe(
      true,
    );
    expect(await handlers.menuClicked('history', target!, { id: 7, url: crmTab().url! })).toBe(
      true,
    );
    // Copying is done by the extension's own document, whatever the page (plain http too).
    expect(await handlers.menuClicked('copy', target!, { url: crmTab().url! })).toBe(true);
    expect(link.copied).toEqual(['+79161234567']);
    expect(link.commands).toEqual([{ type: 'dial', target: '+79161234567' }]);
    expect(created).toEqual([['+79161234567', 60]]);
    expect(histories).toEqual(['+79161234567']);
    // A minute later the pointer is stale; a selection is read instead.
    now += 61_000;
    expect(
      await handlers.menuTarget({ selectionText: 'тел. 8 (495) 123-45-67 доб. 12' }, 7),
    ).toEqual({
      number: '+74951234567',
      ext: '12',
    });
    // On a site that is not enabled the menu does nothing.
    expect(
      await handlers.menuClicked('call', target!, { id: 8, url: 'https://other.example/' }),
    ).toBe(false);
    expect(link.commands).toHaveLength(1);
  });

  it("falls back to the page's clipboard when the extension's is refused", async () => {
    const link = fakeLink(false);
    const handlers = contentHandlers(link, { createCallback: () => undefined }, SELF);
    // No tab to ask: nothing copied, and it says so.
    expect(
      await handlers.menuClicked('copy', { number: '+79161234567' }, { url: crmTab().url! }),
    ).toBe(false);
    expect(link.copied).toEqual([]);
  });

  it('keeps contacts from the page in the caller-ID cache, same-origin URLs only', async () => {
    const handlers = contentHandlers(
      fakeLink(),
      { createCallback: () => undefined, now: () => 42 },
      SELF,
    );
    await handlers.contacts(
      {
        crm: 'vtiger',
        contacts: [
          {
            number: '+74951234567',
            name: 'Ivan Petrov',
            recordUrl: 'https://crm.example.com/index.php?module=Contacts&view=Detail&record=5',
          },
          { number: '+79161234567', name: 'Evil', recordUrl: 'https://evil.example/steal' },
        ],
        searchUrl: 'https://crm.example.com/index.php?module=Contacts&view=List&q={digits}',
      },
      crmTab(),
    );
    expect(await lookupContact('+74951234567')).toEqual({
      number: '+74951234567',
      name: 'Ivan Petrov',
      recordUrl: 'https://crm.example.com/index.php?module=Contacts&view=Detail&record=5',
      crm: 'vtiger',
      seenAt: 42,
    });
    expect(await lookupContact('+79161234567')).toBeUndefined();
    expect(await searchUrlsFor('+74951234567')).toEqual([
      {
        crm: 'vtiger',
        url: 'https://crm.example.com/index.php?module=Contacts&view=List&q=74951234567',
      },
    ]);
  });
});

describe('acceptContacts', () => {
  it('drops markup-like or overlong names and non-http URLs', () => {
    const origin = 'https://crm.example.com';
    expect(
      acceptContacts(
        { crm: 'vtiger', contacts: [{ number: '+74951234567', name: '<img src=x>' }] },
        origin,
        1,
      ),
    ).toBeUndefined();
    expect(
      acceptContacts(
        { crm: 'vtiger', contacts: [{ number: '+74951234567', name: 'x'.repeat(201) }] },
        origin,
        1,
      ),
    ).toBeUndefined();
    expect(
      acceptContacts(
        { crm: 'vtiger', contacts: [{ number: '+74951234567', recordUrl: 'javascript:alert(1)' }] },
        origin,
        1,
      ),
    ).toBeUndefined();
    expect(
      acceptContacts(
        { crm: 'vtiger', contacts: [{ number: '+74951234567', name: '  Иван \n Петров ' }] },
        origin,
        1,
      ),
    ).toEqual({
      crm: 'vtiger',
      contacts: [{ number: '+74951234567', name: 'Иван Петров', crm: 'vtiger', seenAt: 1 }],
    });
  });
});

describe('enabledSender', () => {
  it('needs a tab, our own id and an enabled site', () => {
    const settings = {
      mode: 'crm' as const,
      crmHosts: [{ host: 'crm.example.com', crm: 'vtiger' as const }],
      allowed: [],
      blocked: [],
    };
    expect(enabledSender(crmTab(), settings, SELF)?.tabId).toBe(7);
    expect(enabledSender({ id: SELF, url: crmTab().url! }, settings, SELF)).toBeUndefined();
  });
});

describe('crmTabInFront', () => {
  it('is true only when the focused window shows a CRM page', async () => {
    const windows = [
      { id: 1, focused: true, tabs: [{ active: true, url: 'https://crm.example.com/index.php' }] },
    ];
    const getLastFocused = vi
      .spyOn(fakeBrowser.windows, 'getLastFocused')
      .mockImplementation(async () => windows[0] as never);
    expect(await crmTabInFront()).toBe(true);
    windows[0]!.tabs[0]!.url = 'https://mail.example.com/';
    expect(await crmTabInFront()).toBe(false);
    windows[0]!.tabs[0]!.url = 'https://crm.example.com/index.php';
    windows[0]!.focused = false; // another application is in front
    expect(await crmTabInFront()).toBe(false);
    getLastFocused.mockRejectedValue(new Error('no window'));
    expect(await crmTabInFront()).toBe(false);
  });
});
