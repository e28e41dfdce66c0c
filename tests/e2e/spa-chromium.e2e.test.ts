/**
 * Click-to-call across single-page-app route changes, in Chromium with the built extension.
 * CRMs re-render their views and change the URL with history.pushState, without a reload; the
 * page scripts below do the same thing (page.evaluate runs in the page, as a router does):
 * push a route, drop the old view, render a new one with other numbers. The content script must
 * give the new numbers controls, leave none behind for the removed ones, never put in two, and
 * keep working when the route's page kind, or even the adapter, changes.
 *
 * Sites are enabled on the extension's own sites page; the saved vTiger pages are served as
 * vTiger's `index.php` URLs, so that the adapters recognise their page kinds by URL.
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_DIR } from '../harness/build-customer';
import {
  addAllowedSite,
  addCrmHost,
  buttonPoint,
  clickForCall,
  CONTROL,
  controlledTexts,
  controls,
  highlighted,
  inPage,
  waitForControls,
} from '../harness/crm-pages';
import type { CustomerPage } from '../harness/customer-page';
import { ExtensionSession, ROOT } from '../harness/extension';
import { launchAgentAndCustomer } from '../harness/agent';
import { startPbx, type Pbx } from '../harness/pbx';
import { startStaticServer, type StaticServer } from '../harness/static-server';

let pbx: Pbx;
let server: StaticServer;
let ext: ExtensionSession;
let customer: CustomerPage;

/** vTiger's `index.php` answered with a saved page of the kind the URL asks for. */
function vtigerRoutes(url: URL): string | undefined {
  if (!url.pathname.endsWith('/index.php')) return undefined;
  return url.searchParams.get('view') === 'Detail'
    ? '/vtiger/lead-detail-full.html'
    : '/vtiger/contacts-list.html';
}

async function open(url: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  return page;
}

/** Each control sits right after its own number, and no number has two. */
async function expectOneControlPerNumber(page: Page): Promise<void> {
  const doubles = await inPage(
    page,
    (tag) =>
      [...document.querySelectorAll(tag)].filter(
        (host) =>
          host.previousSibling?.nodeName.toLowerCase() === tag ||
          host.nextSibling?.nodeName.toLowerCase() === tag,
      ).length,
    CONTROL,
  );
  expect(doubles).toBe(0);
}

/**
 * The router: pushes `url`, then puts the list view of the saved contacts list in place of the
 * current one, its phone cells holding `numbers` (empty cells for the rest), as vTiger's next
 * page or another module's list does.
 */
async function routeToList(page: Page, url: string, numbers: string[]): Promise<void> {
  await inPage(
    page,
    async ([to, phones]) => {
      const html = await (await fetch('/vtiger/contacts-list.html')).text();
      const view = new DOMParser()
        .parseFromString(html, 'text/html')
        .getElementById('listViewContent')!;
      view.querySelectorAll('td[data-field-type="phone"]').forEach((cell, i) => {
        const value = cell.querySelector('span.value') ?? cell;
        value.textContent = phones[i] ?? '';
        cell.setAttribute('title', phones[i] ?? '');
        cell.setAttribute('data-rawvalue', phones[i] ?? '');
      });
      history.pushState({}, '', to);
      document.getElementById('listViewContent')!.replaceWith(document.adoptNode(view));
    },
    [url, numbers] as const,
  );
}

/** The router renders a whole other page (a saved page's body) at `url`. */
async function routeToPage(page: Page, url: string, saved: string): Promise<void> {
  await inPage(
    page,
    async ([to, file]) => {
      const html = await (await fetch(file)).text();
      const body = new DOMParser().parseFromString(html, 'text/html').body;
      history.pushState({}, '', to);
      document.body.replaceChildren(...[...body.childNodes].map((n) => document.adoptNode(n)));
    },
    [url, saved] as const,
  );
}

beforeAll(async () => {
  pbx = await startPbx();
  server = await startStaticServer(
    { '/customer': CUSTOMER_DIR, '/vtiger': resolve(ROOT, 'adapters/vtiger/fixtures') },
    { rewrite: vtigerRoutes },
  );
  ({ ext, customer } = await launchAgentAndCustomer(pbx, server.url));
}, 180_000);

afterAll(async () => {
  await ext?.close();
  await server?.close();
  await pbx?.dispose();
});

afterEach(async () => {
  for (const call of (await ext.snapshot()).calls.filter((c) => c.status !== 'ended'))
    await ext.command({ type: 'hangup', callId: call.id });
});

describe('Chromium SPA: a host configured as vTiger', () => {
  beforeAll(async () => {
    await addCrmHost(ext, '127.0.0.1', 'vtiger');
  });

  it('a pushed route with a new list: controls for the new numbers only, none twice', async () => {
    const page = await open(`${server.url}/vtiger/index.php?module=Contacts&view=List`);
    await waitForControls(page, 4);
    await routeToList(page, 'index.php?module=Contacts&view=List&page=2', [
      '+7 (812) 555-12-34',
      '8 (921) 765-43-21',
    ]);
    await waitForControls(page, 2);
    const texts = await controlledTexts(page);
    expect(texts).toEqual(['+7 (812) 555-12-34', '8 (921) 765-43-21']);
    expect(await highlighted(page)).toBe(2);
    await expectOneControlPerNumber(page);
    // And back to numbers seen before: new elements, new controls.
    await routeToList(page, 'index.php?module=Contacts&view=List&page=1', ['+7 (495) 123-45-67']);
    await waitForControls(page, 1);
    expect(await controlledTexts(page)).toEqual(['+7 (495) 123-45-67']);
    expect(await highlighted(page)).toBe(1);
    await page.close();
  });

  it('a route from a list to a record (another page kind) keeps working, and calls', async () => {
    const page = await open(`${server.url}/vtiger/index.php?module=Contacts&view=List`);
    await waitForControls(page, 4);
    await routeToPage(
      page,
      'index.php?module=Leads&view=Detail&record=12',
      '/vtiger/lead-detail-full.html',
    );
    await waitForControls(page, 3);
    expect(await highlighted(page)).toBe(3);
    await expectOneControlPerNumber(page);
    const point = await buttonPoint(page, 0);
    expect(['+74957654321', '+74957654322']).toContain(await clickForCall(page, customer, point));
    await page.close();
  });
});

describe('Chromium SPA: an allowed site, adapter chosen by URL', () => {
  let base: string;
  beforeAll(async () => {
    await addAllowedSite(ext, 'localhost');
    base = `http://localhost:${server.port}`;
  });

  it('from a vTiger URL to a route no CRM claims, and back: the adapter follows', async () => {
    const page = await open(`${base}/vtiger/index.php?module=Contacts&view=List`);
    await waitForControls(page, 4);
    // A route of the same app that is not a vTiger screen: the generic adapter takes over.
    await inPage(
      page,
      () => {
        history.pushState({}, '', '/app/calls');
        const main = document.createElement('main');
        for (const text of ['Office: +7 812 555-12-34', 'Mobile: +7 921 765-43-21']) {
          const p = document.createElement('p');
          p.textContent = text;
          main.append(p);
        }
        document.body.replaceChildren(main);
      },
      null,
    );
    await waitForControls(page, 2);
    expect(await highlighted(page)).toBe(2);
    await expectOneControlPerNumber(page);
    // Back to a vTiger screen: the vTiger adapter again, with its own rules.
    await routeToPage(
      page,
      '/vtiger/index.php?module=Leads&view=Detail&record=12',
      '/vtiger/lead-detail-full.html',
    );
    await waitForControls(page, 3);
    expect(await highlighted(page)).toBe(3);
    await expectOneControlPerNumber(page);
    expect(await controls(page)).toBe(3);
    await page.close();
  });
});
