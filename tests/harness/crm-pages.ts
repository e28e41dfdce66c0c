/**
 * Helpers for end-to-end tests on CRM pages with click-to-call on: counting and finding the call
 * controls the content script inserts, in Chromium (Playwright) and Firefox (puppeteer-core),
 * and enabling a CRM host through the extension's own sites page in Chromium.
 */
import type { Page as PlaywrightPage } from 'playwright';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { expect } from 'vitest';
import type { ExtensionSession } from './extension';

/** The call control's tag (lib/dom/control.ts CONTROL_TAG). */
export const CONTROL = 'callbridge-call';

export type AnyPage = PlaywrightPage | PuppeteerPage;

/**
 * Runs `fn(arg)` in the page. Playwright and puppeteer both serialise a function and one
 * argument into the page; only their type signatures differ, so the call goes through one.
 */
export function inPage<A, R>(page: AnyPage, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
  const evaluate = page.evaluate.bind(page) as unknown as (
    f: (a: A) => R | Promise<R>,
    a: A,
  ) => Promise<R>;
  return evaluate(fn, arg);
}

/** How many call controls the page holds now. */
export function controls(page: AnyPage): Promise<number> {
  return inPage(page, (tag) => document.querySelectorAll(tag).length, CONTROL);
}

/**
 * Controls are put in for numbers near the viewport only (lib/dom/linker.ts): scroll through
 * the page the way a person reads it, then back to the top.
 */
export async function revealAll(page: AnyPage): Promise<void> {
  await inPage(
    page,
    async () => {
      const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y);
        await frame();
      }
      scrollTo(0, 0);
      await frame();
    },
    null,
  );
}

/** Scrolls through the page until it holds exactly `count` controls. */
export async function waitForControls(
  page: AnyPage,
  count: number,
  timeoutMs = 20_000,
): Promise<void> {
  await expect
    .poll(
      async () => {
        await revealAll(page);
        return controls(page);
      },
      { timeout: timeoutMs, interval: 200 },
    )
    .toBe(count);
}

/** The centre of a control's button, in viewport coordinates (its shadow root is closed). */
export function buttonPoint(page: AnyPage, index: number): Promise<{ x: number; y: number }> {
  return inPage(
    page,
    ([tag, i]) => {
      const host = document.querySelectorAll(tag)[i]!;
      host.scrollIntoView({ block: 'center' });
      const rect = host.getBoundingClientRect();
      const measured = host.getAttribute('data-placement') === 'measured';
      // In-flow controls hang 2px right of the host, vertically centred; measured ones are
      // placed by the content script and found by probing around the host.
      if (!measured) return { x: rect.left + 2 + 8, y: rect.top + rect.height / 2 };
      for (let dy = -40; dy <= 40; dy += 2)
        for (let dx = -400; dx <= 400; dx += 2) {
          const x = rect.left + dx;
          const y = rect.top + dy;
          if (document.elementFromPoint(x, y) === host) return { x, y };
        }
      throw new Error('measured control not found');
    },
    [CONTROL, index] as const,
  );
}

/**
 * The text each control belongs to: its host's nearest element's text, trimmed. Tells which
 * numbers have controls, and whether one has two.
 */
export function controlledTexts(page: AnyPage): Promise<string[]> {
  return inPage(
    page,
    (tag) =>
      [...document.querySelectorAll(tag)].map(
        (host) => host.parentElement?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      ),
    CONTROL,
  );
}

// ---- Chromium: the extension's sites page, used as a person uses it ------------------------

/** Adds a CRM host on sites.html: the page asks for access, saves, and the background registers. */
export async function addCrmHost(
  ext: ExtensionSession,
  host: string,
  crm: 'vtiger' | 'retailcrm',
): Promise<void> {
  const sites = await ext.open('sites.html');
  await sites.fill('#crm-hosts .host-input', host);
  await sites.selectOption('#crm-hosts .crm-select', crm);
  await sites.click('#crm-hosts button.add');
  await sites.locator(`#crm-hosts li[data-host="${host}"]`).waitFor();
  await sites.close();
}

export async function removeCrmHost(ext: ExtensionSession, host: string): Promise<void> {
  const sites = await ext.open('sites.html');
  await sites.click(`#crm-hosts li[data-host="${host}"] button.remove`);
  await sites.locator(`#crm-hosts li[data-host="${host}"]`).waitFor({ state: 'detached' });
  await sites.close();
}

/** Switches the sites page to the allow-list mode and adds `host` to the list. */
export async function addAllowedSite(ext: ExtensionSession, host: string): Promise<void> {
  const sites = await ext.open('sites.html');
  await sites.check('input[name="site-mode"][value="allow-list"]');
  await sites.fill('#allowed-sites .host-input', host);
  await sites.click('#allowed-sites button.add');
  await sites.locator(`#allowed-sites li[data-host="${host}"]`).waitFor();
  await sites.close();
}

/**
 * The page's highlighted numbers (the CSS Custom Highlight the linker keeps in step with its
 * controls): a number removed from the page must leave it.
 */
export function highlighted(page: AnyPage): Promise<number> {
  return inPage(page, () => CSS.highlights.get('callbridge-phone')?.size ?? 0, null);
}
