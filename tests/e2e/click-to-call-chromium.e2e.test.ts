/**
 * Click-to-call end to end: the built extension in Chromium, the saved vTiger 8.2 pages and the
 * hand-made retailCRM pages served from 127.0.0.1 / localhost, a real Kamailio, and the customer
 * phone (user 2000, which the PBX routes every phone number to).
 *
 * Sites are enabled through the extension's own settings page (sites.html), exactly as a user
 * does it: the page asks the browser for access and saves the settings; the background then
 * registers the content script. The only test-build difference is that access to 127.0.0.1 and
 * localhost is pre-granted in the manifest, because headless Chromium cannot show the
 * permission prompt.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_DIR } from '../harness/build-customer';
import {
  CONTROL,
  addCrmHost,
  allFloating,
  buttonPoint,
  clickForCall,
  chooseMenuItem,
  controls,
  floatingPoint,
  numberEndPoint,
  pasted,
  pasteTarget,
  removeCrmHost,
  renderBigList,
  waitForControls,
} from '../harness/crm-pages';
import type { CustomerPage } from '../harness/customer-page';
import { ExtensionSession, ROOT } from '../harness/extension';
import { launchAgentAndCustomer } from '../harness/agent';
import { startPbx, type Pbx } from '../harness/pbx';
import { startStaticServer, type StaticServer } from '../harness/static-server';

const SHOTS = resolve(ROOT, 'artifacts/screenshots');
mkdirSync(SHOTS, { recursive: true });

/** Controls expected on each saved vTiger page (default country RU), checked one by one. */
const VTIGER: Record<string, number> = {
  'contacts-list.html': 4, // 5 phones; `044 123 45 67` is Ukrainian, not a number in RU
  'accounts-list.html': 2,
  'leads-list.html': 2,
  'contact-detail.html': 1, // the header's phone
  'contact-detail-full.html': 6, // header + phone, mobile, home, other, assistant (fax excluded)
  'contact-detail-summary-with-phone-summaryfields.html': 3,
  'account-detail-full.html': 3,
  'account-related-contacts.html': 2,
  'lead-detail-full.html': 3,
  'lead-detail-summary-with-phone-summaryfields.html': 3,
  'contact-edit.html': 5, // five phone inputs; fax and the date inputs get none
  'contact-detail-full-pbx.html': 6, // PBX Manager links, taken over
};

const RETAILCRM: Record<string, number> = {
  'order.html': 6,
  'customer.html': 6,
  'customer-corporate.html': 4,
  'orders-list.html': 4,
  'customers-list.html': 4,
  'calls.html': 5,
};

let pbx: Pbx;
let server: StaticServer;
let ext: ExtensionSession;
let customer: CustomerPage;
let vtigerBase: string;
let retailBase: string;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A screenshot of the part of the page that holds the controls (the saved vTiger pages have no
 * stylesheets, so their top is a long unstyled menu).
 */
async function shotAroundControls(page: Page, name: string): Promise<void> {
  const clip = await page.evaluate((tag) => {
    const boxes = [...document.querySelectorAll(tag)].map((host) => {
      const around = host.closest('table, form, section, .card') ?? host.parentElement!;
      return around.getBoundingClientRect();
    });
    const left = Math.max(0, Math.min(...boxes.map((b) => b.left)) - 16 + scrollX);
    const top = Math.max(0, Math.min(...boxes.map((b) => b.top)) - 16 + scrollY);
    const right = Math.max(...boxes.map((b) => b.right)) + 16 + scrollX;
    const bottom = Math.max(...boxes.map((b) => b.bottom)) + 16 + scrollY;
    return {
      x: left,
      y: top,
      width: Math.min(1280, right - left),
      height: Math.min(2000, bottom - top),
    };
  }, CONTROL);
  await page.screenshot({ path: resolve(SHOTS, name), clip, fullPage: true });
}

/** A screenshot of the viewport around a point (a control and the rows about it). */
async function shotAround(page: Page, name: string, at: { x: number; y: number }): Promise<void> {
  const clip = { x: Math.max(0, at.x - 420), y: Math.max(0, at.y - 110), width: 600, height: 220 };
  await page.screenshot({ path: resolve(SHOTS, name), clip });
}

async function openFixture(base: string, name: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${base}/${name}`, { waitUntil: 'load' });
  return page;
}

async function noLiveCall(): Promise<void> {
  await ext.waitFor((s) => s.calls.every((c) => c.status === 'ended'), { what: 'no live call' });
}

async function hangupAll(): Promise<void> {
  const state = (await customer.state()).call;
  if (state !== 'idle' && state !== 'ended') await customer.hangup().catch(() => undefined);
  for (const call of (await ext.snapshot()).calls.filter((c) => c.status !== 'ended'))
    await ext.command({ type: 'hangup', callId: call.id });
  await noLiveCall();
}

beforeAll(async () => {
  pbx = await startPbx();
  server = await startStaticServer({
    '/customer': CUSTOMER_DIR,
    '/vtiger': resolve(ROOT, 'adapters/vtiger/fixtures'),
    '/retailcrm': resolve(ROOT, 'adapters/retailcrm/fixtures'),
  });
  vtigerBase = `${server.url}/vtiger`;
  retailBase = `http://localhost:${server.port}/retailcrm`;
  ({ ext, customer } = await launchAgentAndCustomer(pbx, server.url));
}, 180_000);

afterAll(async () => {
  await ext?.close();
  await server?.close();
  await pbx?.dispose();
});

describe('Chromium: enabling a site', () => {
  it('starts in an already open tab without a reload, moves no layout, and leaves no trace when turned off', async () => {
    const page = await openFixture(vtigerBase, 'contacts-list.html');
    await sleep(500);
    expect(await controls(page)).toBe(0); // nothing runs before the user enables the site
    const before = await page.evaluate(() => ({
      html: document.body.outerHTML,
      rects: [...document.querySelectorAll('td, span.value')].map((e) => {
        const r = e.getBoundingClientRect();
        return [r.x, r.y, r.width, r.height].map((n) => Math.round(n * 10) / 10).join(',');
      }),
      text: document.body.textContent,
    }));

    await addCrmHost(ext, '127.0.0.1', 'vtiger');
    await waitForControls(page, VTIGER['contacts-list.html']!);
    const during = await page.evaluate(() => ({
      rects: [...document.querySelectorAll('td, span.value')].map((e) => {
        const r = e.getBoundingClientRect();
        return [r.x, r.y, r.width, r.height].map((n) => Math.round(n * 10) / 10).join(',');
      }),
      text: document.body.textContent,
      highlighted: CSS.highlights.get('callbridge-phone')?.size ?? 0,
    }));
    // No layout jump: every cell and value keeps its exact box; the text is the same.
    expect(during.rects).toEqual(before.rects);
    expect(during.text).toBe(before.text);
    expect(during.highlighted).toBe(VTIGER['contacts-list.html']);
    // (No screenshot here: Playwright's screenshot touches inputs' style attributes.)

    await removeCrmHost(ext, '127.0.0.1');
    await waitForControls(page, 0);
    const after = await page.evaluate(() => ({
      html: document.body.outerHTML,
      highlights: CSS.highlights.size,
      sheets: document.adoptedStyleSheets.length,
      layer: document.querySelector('callbridge-layer') !== null,
    }));
    expect(after.html).toBe(before.html);
    expect(after.layer).toBe(false);
    expect(after.highlights).toBe(0);
    expect(after.sheets).toBe(0);
    await page.close();
  });
});

describe('Chromium: vTiger 8.2 pages', () => {
  beforeAll(async () => {
    await addCrmHost(ext, '127.0.0.1', 'vtiger');
  });

  for (const [file, count] of Object.entries(VTIGER)) {
    it(`${file}: ${count} call controls`, async () => {
      const page = await openFixture(vtigerBase, file);
      await waitForControls(page, count);
      await sleep(300); // nothing more appears later
      expect(await controls(page)).toBe(count);
      if (['contacts-list.html', 'contact-detail-full.html', 'contact-edit.html'].includes(file))
        await shotAroundControls(page, `c2c-vtiger-${file.replace('.html', '')}.png`);
      await page.close();
    });
  }

  it('remembers the names next to the numbers in the caller-ID cache (IndexedDB, background)', async () => {
    const page = await openFixture(vtigerBase, 'contacts-list.html');
    await waitForControls(page, 4);
    const worker = await ext.worker();
    const read = () =>
      worker.evaluate(
        () =>
          new Promise<unknown>((resolve) => {
            const open = indexedDB.open('callbridge-caller-id');
            // Not there yet: do not create it (an empty version 1 would block the real upgrade).
            open.onupgradeneeded = () => open.transaction?.abort();
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('contacts')) return resolve(undefined);
              const get = db.transaction('contacts').objectStore('contacts').get('+74951234567');
              get.onsuccess = () => {
                resolve(get.result);
                db.close();
              };
              get.onerror = () => resolve(undefined);
            };
            open.onerror = () => resolve(undefined);
          }),
      );
    await expect.poll(read, { timeout: 15_000, interval: 500 }).toMatchObject({
      name: 'Ivan Petrov',
      crm: 'vtiger',
      recordUrl: `${vtigerBase}/index.php?module=Contacts&view=Detail&record=5&app=MARKETING`,
    });
    await page.close();
  });

  it('a click on a list control calls the number through the PBX, and the row does not open', async () => {
    const page = await openFixture(vtigerBase, 'contacts-list.html');
    await waitForControls(page, 4);
    // vTiger opens the record on any click in a row; its scripts are not served here, so the
    // test adds the same kind of listener.
    await page.evaluate(() => {
      (window as unknown as { rowClicks: number }).rowClicks = 0;
      for (const row of document.querySelectorAll('tr.listViewEntries'))
        row.addEventListener(
          'click',
          () => (window as unknown as { rowClicks: number }).rowClicks++,
        );
    });
    const point = await buttonPoint(page, 0);
    expect(await clickForCall(page, customer, point)).toBe('+74951234567');
    expect(await page.evaluate(() => (window as unknown as { rowClicks: number }).rowClicks)).toBe(
      0,
    );
    await hangupAll();
    await page.close();
  });

  it('Enter on a focused control calls too', async () => {
    const page = await openFixture(vtigerBase, 'contact-detail.html');
    await waitForControls(page, 1);
    const since = Date.now();
    const point = await buttonPoint(page, 0);
    // Focus by a press that is released elsewhere (no click), then Enter.
    await page.mouse.move(point.x, point.y);
    await page.mouse.down();
    await page.mouse.move(point.x + 200, point.y + 200);
    await page.mouse.up();
    await sleep(300);
    expect((await ext.snapshot()).calls.filter((c) => c.status !== 'ended')).toHaveLength(0);
    await page.keyboard.press('Enter');
    const incoming = await customer.waitForEvent('incoming', since, 20_000);
    expect((incoming.detail as { to: string }).to).toBe('+74951234567');
    await hangupAll();
    await page.close();
  });

  it("a page script's synthetic clicks place no call", async () => {
    const page = await openFixture(vtigerBase, 'contacts-list.html');
    await waitForControls(page, 4);
    const since = Date.now();
    await page.evaluate((tag) => {
      for (const host of document.querySelectorAll<HTMLElement>(tag)) {
        host.click();
        host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, button: 0 }));
        host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      }
    }, CONTROL);
    await sleep(3000);
    const events = (await customer.events()).filter((e) => e.type === 'incoming' && e.t >= since);
    expect(events).toHaveLength(0);
    expect((await ext.snapshot()).calls.filter((c) => c.createdAt >= since)).toHaveLength(0);
    await page.close();
  });

  it('vTiger PBX Manager links call through Callbridge, and their onclick does not run', async () => {
    const page = await openFixture(vtigerBase, 'contact-detail-full-pbx.html');
    await waitForControls(page, 6);
    await page.evaluate(() => {
      (window as unknown as { pbxCalls: string[] }).pbxCalls = [];
      (window as unknown as { Vtiger_PBXManager_Js: unknown }).Vtiger_PBXManager_Js = {
        registerPBXOutboundCall: (n: string) =>
          (window as unknown as { pbxCalls: string[] }).pbxCalls.push(n),
      };
    });
    const since = Date.now();
    await page.click('#Contacts_detailView_fieldValue_mobile a.phoneField');
    const incoming = await customer.waitForEvent('incoming', since, 20_000);
    expect((incoming.detail as { to: string }).to).toBe('+79161234567');
    expect(
      await page.evaluate(() => (window as unknown as { pbxCalls: string[] }).pbxCalls),
    ).toEqual([]);
    await hangupAll();
    await page.close();
  });

  it('inline edit still reads and saves the original value; a re-rendered cell gets a new control', async () => {
    const page = await openFixture(vtigerBase, 'contact-detail-full.html');
    await waitForControls(page, 6);
    const original = await page.evaluate(async () => {
      const html = await (await fetch(location.href)).text();
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const read = (d: Document) =>
        [...d.querySelectorAll('td.fieldValue')].map((td) => ({
          text: td.querySelector('span.value')?.textContent ?? '',
          data: td.querySelector('input.fieldBasicData')?.getAttribute('data-value') ?? '',
        }));
      return { saved: read(doc), live: read(document) };
    });
    expect(original.live).toEqual(original.saved);
    // What vTiger's inline edit does: read the hidden input, show an input, then on save write
    // the new display value into the value span with jQuery's .html().
    await page.evaluate(() => {
      const cell = document.getElementById('Contacts_detailView_fieldValue_mobile')!;
      const data = cell.querySelector<HTMLInputElement>('input.fieldBasicData')!;
      const edit = document.createElement('input');
      edit.name = 'mobile';
      edit.value = data.getAttribute('data-value')!;
      cell.querySelector('span.edit')!.append(edit);
      edit.value = '+7 916 765-43-21';
      data.setAttribute('data-value', edit.value);
      cell.querySelector('span.value')!.innerHTML = ` ${edit.value} `;
      edit.remove();
    });
    await waitForControls(page, 6);
    const mobile = await page.evaluate(
      () =>
        document.querySelector('#Contacts_detailView_fieldValue_mobile span.value')!.textContent,
    );
    expect(mobile).toBe(' +7 916 765-43-21 ');
    const since = Date.now();
    const index = await page.evaluate((tag) => {
      const hosts = [...document.querySelectorAll(tag)];
      return hosts.findIndex((h) => h.closest('#Contacts_detailView_fieldValue_mobile'));
    }, CONTROL);
    const point = await buttonPoint(page, index);
    await page.mouse.click(point.x, point.y);
    const incoming = await customer.waitForEvent('incoming', since, 20_000);
    expect((incoming.detail as { to: string }).to).toBe('+79167654321');
    await hangupAll();
    await page.close();
  });

  it('follows re-rendered lists and quick previews (only what was added)', async () => {
    const page = await openFixture(vtigerBase, 'contacts-list.html');
    await waitForControls(page, 4);
    // vTiger's next page: the list container's content is replaced with the AJAX answer.
    await page.evaluate(async () => {
      const html = await (await fetch('ajax-leads-list-page.html')).text();
      document.getElementById('listViewContent')!.innerHTML = html;
    });
    await waitForControls(page, 2);
    // The quick preview: a modal appended to the body.
    await page.evaluate(async () => {
      const html = await (await fetch('ajax-contact-quickpreview.html')).text();
      const modal = document.createElement('div');
      modal.className = 'modal-dialog';
      modal.innerHTML = html;
      document.body.append(modal);
    });
    await waitForControls(page, 3);
    await page.close();
  });
});

describe('Chromium: the context menu on a number', () => {
  beforeAll(async () => {
    await addCrmHost(ext, '127.0.0.1', 'vtiger');
  });

  it('"Copy number" copies from the extension, long after the right-click', async () => {
    const page = await openFixture(vtigerBase, 'contacts-list.html');
    await waitForControls(page, 4);
    const point = await numberEndPoint(page);
    await page.mouse.click(point.x, point.y, { button: 'right' });
    // A person reads the menu for a while: the page's user activation is over by the choice,
    // and the copy does not depend on it (nor on the page being https: the offscreen document
    // writes the clipboard).
    await page.waitForFunction(() => !navigator.userActivation.isActive, undefined, {
      timeout: 15_000,
      polling: 250,
    });
    await chooseMenuItem(ext, 'callbridge:copy', page.url());
    // What a person then pastes somewhere.
    await pasteTarget(page);
    await page.keyboard.press('Control+V');
    await expect.poll(() => pasted(page)).toBe('+74951234567');
    await page.close();
  });
});

describe('Chromium: a list of 300 rows (floating controls)', () => {
  beforeAll(async () => {
    await addCrmHost(ext, '127.0.0.1', 'vtiger');
  });

  it('puts the controls beside the numbers without touching the table; a click calls', async () => {
    const page = await openFixture(vtigerBase, 'contacts-list.html');
    await waitForControls(page, 4);
    const tableHtml = await renderBigList(page, 300);
    await waitForControls(page, 300);
    const placement = {
      inLayer: await allFloating(page),
      tableUntouched: await page.evaluate(
        (html) => document.getElementById('listview-table')!.outerHTML === html,
        tableHtml,
      ),
    };
    expect(placement).toEqual({ inLayer: true, tableUntouched: true });
    await page.evaluate(() => {
      (window as unknown as { rowClicks: number }).rowClicks = 0;
      document
        .getElementById('listview-table')!
        .addEventListener('click', () => (window as unknown as { rowClicks: number }).rowClicks++);
    });

    // Row 150, scrolled into view: its control sits right after the number, on its line.
    const target = await floatingPoint(page, 150);
    expect(target.hit).toBe(CONTROL);
    await shotAround(page, 'c2c-vtiger-300-rows-floating.png', target);
    expect(await clickForCall(page, customer, target)).toBe('+74952000150');
    expect(await page.evaluate(() => (window as unknown as { rowClicks: number }).rowClicks)).toBe(
      0,
    );
    await hangupAll();

    // The list scrolls inside a box of its own (a CRM with a fixed header): controls follow it,
    // and those of rows scrolled out of the box are hidden.
    const scrolled = await page.evaluate(async (tag) => {
      const table = document.getElementById('listview-table')!;
      const box = document.createElement('div');
      box.style.cssText = 'height: 300px; overflow: auto';
      table.before(box);
      box.append(table);
      box.scrollIntoView({ block: 'center' });
      const frames = () =>
        new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      await frames();
      box.scrollTop = 20 * 150;
      await frames();
      const hosts = [...document.querySelectorAll(tag)];
      const shown = hosts.filter((h) => !h.hasAttribute('data-clipped')).length;
      const { top, bottom } = box.getBoundingClientRect();
      return { shown, total: hosts.length, top, bottom };
    }, CONTROL);
    expect(scrolled.total).toBe(300);
    expect(scrolled.shown).toBeGreaterThan(0);
    expect(scrolled.shown).toBeLessThan(40);
    const inside = await floatingPoint(page, 160, false);
    if (inside.y > scrolled.top && inside.y < scrolled.bottom) expect(inside.hit).toBe(CONTROL);

    // The list in a fixed panel (a CRM's side sheet) while the page behind it scrolls: the layer
    // scrolls with the page, the panel does not, and the controls stay beside their numbers.
    const shown = await page.evaluate(async () => {
      const table = document.getElementById('listview-table')!;
      const panel = document.createElement('div');
      panel.style.cssText = 'position: fixed; top: 50px; left: 0; height: 300px; overflow: auto';
      document.body.append(panel);
      panel.append(table);
      const spacer = document.createElement('div');
      spacer.style.height = '5000px';
      document.body.append(spacer);
      const frames = () =>
        new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      await frames();
      panel.scrollTop = 20 * 150;
      await frames();
      window.scrollTo(0, 1200);
      await frames();
      // A number in the middle of the panel.
      const { top, bottom } = panel.getBoundingClientRect();
      const values = [...document.querySelectorAll('td[data-name="phone"] span.value')];
      return values.findIndex((value) => {
        const box = value.getBoundingClientRect();
        return box.top > top + 50 && box.bottom < bottom - 50;
      });
    });
    expect(shown).toBeGreaterThan(0);
    expect((await floatingPoint(page, shown, false)).hit).toBe(CONTROL);
    await page.close();
  });

  it('rows the CRM adds to a big list have their controls in the frame that shows them', async () => {
    const page = await openFixture(vtigerBase, 'contacts-list.html');
    await waitForControls(page, 4);
    await renderBigList(page, 300);
    await waitForControls(page, 300);
    // New rows at the top ("newest first"), added by a page script: by the time the frame that
    // shows them has been rendered, each has its control, and nothing went into the table.
    const added = await page.evaluate(async (tag) => {
      window.scrollTo(0, 0);
      const template = document.createElement('template');
      template.innerHTML = Array.from(
        { length: 5 },
        (_, i) =>
          `<tr class="listViewEntries" data-recordurl="index.php?module=Contacts&view=Detail&record=${900 + i}">` +
          `<td class="listViewEntryValue" data-name="lastname" data-field-type="string">Новый ${i}</td>` +
          `<td class="listViewEntryValue" data-name="phone" data-field-type="phone"><span class="value">` +
          `+7 (812) 300-00-0${i}</span></td></tr>`,
      ).join('');
      const before = document.querySelectorAll(tag).length;
      document.querySelector('#listview-table tbody')!.prepend(template.content);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return {
        controls: document.querySelectorAll(tag).length - before,
        inTable: document.querySelector(`#listview-table ${tag}`) !== null,
      };
    }, CONTROL);
    expect(added).toEqual({ controls: 5, inTable: false });
    // Beside its number, and it calls that number.
    const target = await floatingPoint(page, 2);
    expect(target.hit).toBe(CONTROL);
    expect(await clickForCall(page, customer, target)).toBe('+78123000002');
    await hangupAll();
    await page.close();
  });
});

describe('Chromium: retailCRM pages (hand-made fixtures)', () => {
  beforeAll(async () => {
    await addCrmHost(ext, 'localhost', 'retailcrm');
  });

  for (const [file, count] of Object.entries(RETAILCRM)) {
    it(`${file}: ${count} call controls`, async () => {
      const page = await openFixture(retailBase, file);
      await waitForControls(page, count);
      await sleep(300);
      expect(await controls(page)).toBe(count);
      if (file === 'order.html' || file === 'customer.html' || file === 'calls.html')
        await page.screenshot({
          path: resolve(SHOTS, `c2c-retailcrm-${file.replace('.html', '')}.png`),
          fullPage: true,
        });
      await page.close();
    });
  }

  it('a click on an order phone input control calls the number in the input', async () => {
    const page = await openFixture(retailBase, 'order.html');
    await waitForControls(page, 6);
    const index = await page.evaluate((tag) => {
      const hosts = [...document.querySelectorAll(tag)];
      return hosts.findIndex(
        (h) => h.previousElementSibling?.id === 'intaro_crmbundle_ordertype_additionalPhone',
      );
    }, CONTROL);
    expect(index).toBeGreaterThanOrEqual(0);
    const point = await buttonPoint(page, index);
    expect(await clickForCall(page, customer, point)).toBe('+74959876543');
    await hangupAll();
    await page.close();
  });
});

afterEach(async () => {
  await hangupAll().catch(() => undefined);
});
