/**
 * Helpers for end-to-end tests on CRM pages with click-to-call on: counting and finding the call
 * controls the content script inserts, in Chromium (Playwright) and Firefox (puppeteer-core),
 * and enabling a CRM host through the extension's own sites page in Chromium.
 */
import type { Page as PlaywrightPage } from 'playwright';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { expect } from 'vitest';
import type { CustomerPage } from './customer-page';
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

// ---- pointing at numbers, pasting ---------------------------------------------------------

/**
 * The centre of the last two digits of the number just before the first control, scrolled into
 * view: where a person right-clicks a number.
 */
export function numberEndPoint(page: AnyPage): Promise<{ x: number; y: number }> {
  return inPage(
    page,
    (tag) => {
      const host = document.querySelector(tag)!;
      host.scrollIntoView({ block: 'center' });
      const text = host.previousSibling as Text;
      const end = text.data.search(/\d\s*$/) + 1;
      const range = document.createRange();
      range.setStart(text, end - 2);
      range.setEnd(text, end);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    },
    CONTROL,
  );
}

/** A focused, empty textarea at the top of the page, for what a person pastes. */
export function pasteTarget(page: AnyPage): Promise<void> {
  return inPage(
    page,
    () => {
      const area = document.createElement('textarea');
      area.id = 'paste-here';
      document.body.prepend(area);
      area.focus();
    },
    null,
  );
}

/** What was pasted into pasteTarget(). */
export function pasted(page: AnyPage): Promise<string> {
  return inPage(
    page,
    () => document.querySelector<HTMLTextAreaElement>('#paste-here')!.value,
    null,
  );
}

// ---- big lists (floating controls) --------------------------------------------------------

/**
 * vTiger rendering a bigger page of its list (its page size is a setting): the saved list's
 * rows are replaced by `rows` generated ones, row i with the phone `+7 (495) 2xx-xx-xx`
 * (+74952000000 + i). Resolves with the table's HTML, to check later that nothing touched it.
 */
export function renderBigList(page: AnyPage, rows: number): Promise<string> {
  return inPage(
    page,
    (count) => {
      const digits = (i: number) => String(2_000_000 + i);
      document.querySelector('#listview-table tbody')!.innerHTML = Array.from(
        { length: count },
        (_, i) =>
          `<tr class="listViewEntries" data-recordurl="index.php?module=Contacts&view=Detail&record=${i + 100}">` +
          `<td class="listViewEntryValue" data-name="lastname" data-field-type="string">Контакт ${i}</td>` +
          `<td class="listViewEntryValue" data-name="phone" data-field-type="phone"><span class="value">` +
          `+7 (495) ${digits(i).slice(0, 3)}-${digits(i).slice(3, 5)}-${digits(i).slice(5)}</span></td></tr>`,
      ).join('');
      return document.getElementById('listview-table')!.outerHTML;
    },
    rows,
  );
}

/**
 * A person's click at `point` (a call control) and the number the customer phone is then called
 * at, through the PBX: what most click-to-call tests check.
 */
export async function clickForCall(
  page: AnyPage,
  customer: CustomerPage,
  point: { x: number; y: number },
): Promise<string> {
  const since = Date.now();
  await page.mouse.click(point.x, point.y);
  const incoming = await customer.waitForEvent('incoming', since, 20_000);
  return (incoming.detail as { to: string }).to;
}

/**
 * Where the control of the list's `index`-th phone belongs — right after the number, on its
 * line — and the tag of what is there. The number is scrolled into view first unless `scroll` is
 * false (the test has placed it itself).
 */
export function floatingPoint(
  page: AnyPage,
  index: number,
  scroll = true,
): Promise<{ x: number; y: number; hit: string }> {
  return inPage(
    page,
    async ([i, scrollFirst]) => {
      const value = document.querySelectorAll('td[data-name="phone"] span.value')[i]!;
      if (scrollFirst) {
        value.scrollIntoView({ block: 'center' });
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }
      const range = document.createRange();
      range.selectNodeContents(value);
      const number = range.getBoundingClientRect();
      const x = number.right + 2 + 8;
      const y = number.top + number.height / 2;
      return { x, y, hit: document.elementFromPoint(x, y)?.localName ?? '' };
    },
    [index, scroll] as const,
  );
}

/** Whether every control floats in the layer and none is inside the list's table. */
export function allFloating(page: AnyPage): Promise<boolean> {
  return inPage(
    page,
    (tag) =>
      [...document.querySelectorAll(tag)].every(
        (host) => host.parentElement?.localName === 'callbridge-layer',
      ) && document.querySelector(`#listview-table ${tag}`) === null,
    CONTROL,
  );
}

// ---- Chromium: the extension's sites page, used as a person uses it ------------------------

/**
 * Chooses a context-menu item through the menu's own click handler (headless Chromium shows no
 * menu), once the right-click's message about the number has reached the background.
 */
export async function chooseMenuItem(
  ext: ExtensionSession,
  item: string,
  tabUrl: string,
): Promise<void> {
  const worker = await ext.worker();
  await expect
    .poll(() =>
      worker.evaluate(
        ([menuItem, url]) =>
          (
            globalThis as unknown as {
              callbridgeTest: { contextMenuClick(item: string, url: string): Promise<string> };
            }
          ).callbridgeTest.contextMenuClick(menuItem, url),
        [item, tabUrl] as const,
      ),
    )
    .toBe('done');
}

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
