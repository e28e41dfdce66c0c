import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { vtiger } from '../../adapters/vtiger';
import { fixturePath, loadFixture } from '../../tests/unit/fixture-page';
import { contactOnPage, lookupInCrm, searchUrlFor } from './lookup';

const LIST = 'https://crm.example.com/index.php?module=Contacts&view=List&app=MARKETING';
const DETAIL = 'https://crm.example.com/index.php?module=Contacts&view=Detail&record=9';

afterEach(() => vi.unstubAllGlobals());

describe('asking the CRM who a number is', () => {
  it('reads the contact whose phone field holds exactly the number', async () => {
    const page = loadFixture('vtiger', 'contacts-list.html', LIST);
    expect(contactOnPage(vtiger, page.document, '+74951234567', 'RU')).toEqual({
      name: 'Ivan Petrov',
      recordUrl:
        'https://crm.example.com/index.php?module=Contacts&view=Detail&record=5&app=MARKETING',
    });
    // A number that only shares digits with a row is nobody.
    expect(contactOnPage(vtiger, page.document, '+74951234568', 'RU')).toBeUndefined();
    await page.close();
  });

  it("fetches the CRM's search for the number, read inert, from the CRM's own origin", async () => {
    const page = loadFixture('vtiger', 'contact-detail.html', DETAIL);
    // (Stylesheet links out: the test DOM would try to load them; a real DOMParser does not.)
    const html = readFileSync(fixturePath('vtiger', 'contacts-list.html'), 'utf8').replace(
      /<link\b[^>]*>/g,
      '',
    );
    const fetch = vi.fn(
      async () => new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } }),
    );
    vi.stubGlobal('fetch', fetch);
    const url = searchUrlFor(vtiger, page.document, '+74951234567')!;
    expect(url).toContain('74951234567');
    expect(url.startsWith('https://crm.example.com/index.php?module=Contacts&view=List')).toBe(
      true,
    );
    const found = await lookupInCrm(vtiger, page.document, '+74951234567', 'RU');
    expect(fetch).toHaveBeenCalledWith(url, expect.objectContaining({ redirect: 'error' }));
    expect(found).toMatchObject({ name: 'Ivan Petrov' });
    expect(found?.recordUrl).toMatch(/^https:\/\/crm\.example\.com\/index\.php\?module=Contacts/);
    await page.close();
  });

  it('gives nothing for a login page or an error', async () => {
    const page = loadFixture('vtiger', 'contact-detail.html', DETAIL);
    vi.stubGlobal('fetch', async () => new Response('{}', { status: 200 }));
    expect(await lookupInCrm(vtiger, page.document, '+74951234567', 'RU')).toBeUndefined();
    vi.stubGlobal('fetch', async () => new Response('nope', { status: 500 }));
    expect(await lookupInCrm(vtiger, page.document, '+74951234567', 'RU')).toBeUndefined();
    await page.close();
  });
});
