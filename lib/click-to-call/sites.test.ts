import { describe, expect, it } from 'vitest';
import type { SiteSettings } from '../storage/site-settings';
import { decideSite, hostMatches, normalizeHost, wantedPatterns } from './sites';

const settings = (over: Partial<SiteSettings>): SiteSettings => ({
  mode: 'crm',
  crmHosts: [],
  allowed: [],
  blocked: [],
  ...over,
});

describe('sites', () => {
  it('normalises what users type into a host', () => {
    expect(normalizeHost('https://CRM.example.com:8443/index.php?module=Contacts')).toBe(
      'crm.example.com',
    );
    expect(normalizeHost('crm.example.com')).toBe('crm.example.com');
    expect(normalizeHost('*.retailcrm.ru')).toBe('*.retailcrm.ru');
    expect(normalizeHost('192.168.1.20')).toBe('192.168.1.20');
    expect(normalizeHost('  ')).toBeUndefined();
    expect(normalizeHost('not a host')).toBeUndefined();
  });

  it('matches hosts and wildcard domains, never by suffix alone', () => {
    expect(hostMatches('*.retailcrm.ru', 'demo.retailcrm.ru')).toBe(true);
    expect(hostMatches('*.retailcrm.ru', 'evilretailcrm.ru')).toBe(false);
    expect(hostMatches('crm.example.com', 'crm.example.com.evil.org')).toBe(false);
  });

  it('decides per mode', () => {
    const crmHosts = [{ host: 'crm.example.com', crm: 'vtiger' as const }];
    const url = 'https://crm.example.com/index.php';
    expect(decideSite(settings({ mode: 'off', crmHosts }), url)).toBeUndefined();
    expect(decideSite(settings({ crmHosts }), url)).toEqual({ crm: 'vtiger', via: 'crm-host' });
    expect(decideSite(settings({ crmHosts }), 'https://mail.example.com/')).toBeUndefined();
    expect(
      decideSite(
        settings({ mode: 'allow-list', allowed: ['mail.example.com'] }),
        'https://mail.example.com/x',
      ),
    ).toEqual({
      via: 'allow-list',
    });
    expect(decideSite(settings({ mode: 'everywhere' }), 'https://any.example/')).toEqual({
      via: 'everywhere',
    });
    expect(
      decideSite(
        settings({ mode: 'everywhere', blocked: ['any.example'] }),
        'https://any.example/',
      ),
    ).toBeUndefined();
    expect(decideSite(settings({ mode: 'everywhere' }), 'file:///etc/passwd')).toBeUndefined();
  });

  it('asks for exactly the patterns the enabled sites need', () => {
    const crmHosts = [{ host: '*.retailcrm.ru', crm: 'retailcrm' as const }];
    expect(wantedPatterns(settings({ crmHosts, allowed: ['mail.example.com'] }))).toEqual({
      matches: ['*://*.retailcrm.ru/*'],
      exclude: [],
    });
    expect(
      wantedPatterns(settings({ mode: 'allow-list', crmHosts, allowed: ['mail.example.com'] }))
        .matches,
    ).toEqual(['*://*.retailcrm.ru/*', '*://mail.example.com/*']);
    expect(wantedPatterns(settings({ mode: 'everywhere', blocked: ['bank.example'] }))).toEqual({
      matches: ['*://*/*'],
      exclude: ['*://bank.example/*'],
    });
    expect(wantedPatterns(settings({ mode: 'off', crmHosts }))).toEqual({
      matches: [],
      exclude: [],
    });
  });
});
