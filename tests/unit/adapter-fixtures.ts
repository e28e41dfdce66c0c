/**
 * Shared checks for every adapter fixture: the exact numbers linked, and that linking and
 * unlinking leave the CRM's own text and markup exactly as they were.
 */
import { expect } from 'vitest';
import type { Adapter } from '../../adapters/types';
import type { CountryCode } from '../../lib/phone';
import { describeTargets, link, loadFixture, type Linked } from './fixture-page';

export interface FixtureCase {
  file: string;
  url: string;
  /** `source:+E164[;ext=…]`, in any order. */
  expected: string[];
  country?: CountryCode;
}

export async function checkFixture(
  adapterFolder: string,
  adapter: Adapter,
  c: FixtureCase,
  extra?: (linked: Linked, document: Document) => void | Promise<void>,
): Promise<void> {
  const page = loadFixture(adapterFolder, c.file, c.url);
  try {
    const html = page.document.documentElement.outerHTML;
    const text = page.document.body.textContent;
    const linked = await link(page, adapter, c.country ? { country: c.country } : {});
    expect(describeTargets(linked.linker).sort()).toEqual([...c.expected].sort());
    expect(page.document.querySelectorAll('callbridge-call')).toHaveLength(c.expected.length);
    expect(page.document.body.textContent).toBe(text);
    await extra?.(linked, page.document);
    linked.controller.abort();
    expect(page.document.documentElement.outerHTML).toBe(html);
  } finally {
    await page.close();
  }
}
