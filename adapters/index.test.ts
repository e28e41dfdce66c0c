/**
 * The registry's meta test: every adapter folder is registered, in order, with generic last;
 * each has its selectors, pages and fixtures; each page detector recognises its own example URLs
 * and no other adapter's.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADAPTERS, detectPage } from '.';

const DIR = import.meta.dirname;
const folders = readdirSync(DIR).filter((name) => statSync(resolve(DIR, name)).isDirectory());

describe('adapter registry', () => {
  it('registers every adapter folder, generic last', () => {
    expect(ADAPTERS.map((a) => a.id).sort()).toEqual([...folders].sort());
    expect(ADAPTERS[ADAPTERS.length - 1]!.id).toBe('generic');
  });

  for (const folder of folders) {
    it(`${folder}/ has index.ts, selectors.ts, pages.ts and saved fixtures`, () => {
      for (const file of ['index.ts', 'selectors.ts', 'pages.ts'])
        expect(existsSync(resolve(DIR, folder, file)), file).toBe(true);
      const fixtures = readdirSync(resolve(DIR, folder, 'fixtures')).filter((f) =>
        f.endsWith('.html'),
      );
      expect(fixtures.length).toBeGreaterThan(0);
    });
  }

  for (const adapter of ADAPTERS) {
    for (const page of adapter.pages) {
      it(`${page.id} matches its own examples and no other adapter's`, () => {
        expect(page.id.startsWith(`${adapter.id}:`)).toBe(true);
        expect(page.examples.length).toBeGreaterThan(0);
        for (const example of page.examples) {
          expect(page.matches(new URL(example)), example).toBe(true);
          // The registry resolves the example to this adapter and this page.
          const found = detectPage(new URL(example));
          expect(found.adapter.id, example).toBe(adapter.id);
          expect(found.page?.id, example).toBe(page.id);
        }
        // Generic is the fallback and matches every page by design; every other detector must
        // stay out of other adapters' example URLs.
        if (adapter.id === 'generic') return;
        for (const other of ADAPTERS) {
          if (other === adapter) continue;
          for (const otherPage of other.pages)
            for (const example of otherPage.examples)
              expect(page.matches(new URL(example)), `${page.id} vs ${example}`).toBe(false);
        }
      });
    }
  }

  it('gives a configured CRM host its adapter whatever the URL looks like', () => {
    expect(detectPage(new URL('http://10.0.0.5/crm/'), 'vtiger').adapter.id).toBe('vtiger');
    expect(detectPage(new URL('https://crm.shop.example/orders/1'), 'retailcrm').adapter.id).toBe(
      'retailcrm',
    );
  });
});
