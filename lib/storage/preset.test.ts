import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { phonePrefsItem, sipAccountItem } from './items';
import { installPreset } from './preset';
import { crmHostsItem } from './site-settings';

const account = {
  wsUrl: 'ws://127.0.0.1:5066',
  sipUri: 'sip:1001@127.0.0.1',
  authUser: '1001',
  password: 'pw1001',
  displayName: 'Agent 1001',
};

describe('installPreset', () => {
  beforeEach(() => fakeBrowser.reset());

  it('installs a valid preset once, with its country', async () => {
    expect(await installPreset(JSON.stringify({ account, defaultCountry: 'RU' }))).toBe(true);
    expect(await sipAccountItem.getValue()).toEqual(account);
    expect((await phonePrefsItem.getValue()).defaultCountry).toBe('RU');
    // A saved account is never overwritten by the preset.
    expect(await installPreset(JSON.stringify({ account: { ...account, password: 'x' } }))).toBe(
      false,
    );
    expect((await sipAccountItem.getValue())?.password).toBe('pw1001');
  });

  it('enables the demo CRM hosts it names, valid ones only', async () => {
    const crmHosts = [
      { host: '127.0.0.1', crm: 'vtiger' },
      { host: 'localhost', crm: 'retailcrm' },
      { host: 'evil', crm: 'unknown' },
      { host: 'bad host!', crm: 'vtiger' },
    ];
    expect(await installPreset(JSON.stringify({ account, crmHosts }))).toBe(true);
    expect(await crmHostsItem.getValue()).toEqual(crmHosts.slice(0, 2));
  });

  it('ignores missing, malformed and invalid presets', async () => {
    expect(await installPreset(undefined)).toBe(false);
    expect(await installPreset('{not json')).toBe(false);
    expect(
      await installPreset(JSON.stringify({ account: { ...account, wsUrl: 'http://x' } })),
    ).toBe(false);
    expect(await sipAccountItem.getValue()).toBeNull();
  });
});
