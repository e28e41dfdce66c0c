import { describe, expect, it } from 'vitest';
import { isExtensionPage } from './messaging';

const ID = 'abcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

describe('isExtensionPage', () => {
  it('accepts our popup and options page, in a tab or not', () => {
    expect(isExtensionPage({ id: ID, url: `${ORIGIN}popup.html` }, ID, ORIGIN)).toBe(true);
    expect(
      isExtensionPage(
        { id: ID, url: `${ORIGIN}options.html`, tab: { id: 3 } } as never,
        ID,
        ORIGIN,
      ),
    ).toBe(true);
  });

  it('refuses content scripts and other extensions', () => {
    expect(isExtensionPage({ id: ID, url: 'https://crm.example.com/index.php' }, ID, ORIGIN)).toBe(
      false,
    );
    expect(
      isExtensionPage({ id: 'other', url: 'chrome-extension://other/popup.html' }, ID, ORIGIN),
    ).toBe(false);
    expect(isExtensionPage({ id: ID }, ID, ORIGIN)).toBe(false);
  });
});
