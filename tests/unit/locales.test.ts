import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const dir = resolve(import.meta.dirname, '../../locales');
const read = (lang: string) =>
  load(readFileSync(resolve(dir, `${lang}.yml`), 'utf8')) as Record<string, string>;

describe('locales', () => {
  const en = read('en');
  for (const lang of ['ru', 'uk']) {
    it(`${lang} has exactly the English keys, each translated, with the same placeholders`, () => {
      const other = read(lang);
      expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        const translated = other[key]!;
        expect(translated, key).toBeTruthy();
        expect(translated.match(/\$\d/g) ?? [], key).toEqual(text.match(/\$\d/g) ?? []);
        // A long English sentence left untranslated is a missing translation.
        if (text.length > 30) expect(translated, key).not.toBe(text);
      }
    });
  }
});
