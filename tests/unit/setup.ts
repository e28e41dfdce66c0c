/**
 * Unit/component test setup: WXT's fake browser has no i18n, so messages come from the real
 * English locale file — components are tested with the words users see.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load } from 'js-yaml';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

const en = load(
  readFileSync(resolve(import.meta.dirname, '../../locales/en.yml'), 'utf8'),
) as Record<string, string>;

function getMessage(key: string, substitutions?: string | string[]): string {
  const subs =
    substitutions === undefined
      ? []
      : Array.isArray(substitutions)
        ? substitutions
        : [substitutions];
  return (en[key] ?? '').replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

beforeEach(() => {
  fakeBrowser.i18n.getMessage = getMessage as typeof fakeBrowser.i18n.getMessage;
});
