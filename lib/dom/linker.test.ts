/**
 * The linker on small pages: what it adds, what it must never change, and how it reacts to
 * clicks and to the page changing under it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generic } from '../../adapters/generic';
import type { Adapter } from '../../adapters/types';
import { memoized } from '../../adapters/dom';
import { describeTargets, link, loadHtml, type Page } from '../../tests/unit/fixture-page';

let page: Page | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

function open(body: string): Page {
  page = loadHtml(
    `<!DOCTYPE html><html><head></head><body>${body}</body></html>`,
    'https://crm.example.com/contacts/5',
  );
  return page;
}

/** A click the way a person's click arrives: `isTrusted` is set only by the browser. */
function click(p: Page, target: Element, trusted: boolean): MouseEvent {
  const event = new p.window.MouseEvent('click', {
    bubbles: true,
    cancelable: true,
    composed: true,
    button: 0,
  });
  Object.defineProperty(event, 'isTrusted', { value: trusted });
  target.dispatchEvent(event as unknown as Event);
  return event as unknown as MouseEvent;
}

const controls = (p: Page) => [...p.document.querySelectorAll('callbridge-call')];

describe('PhoneLinker', () => {
  it('adds one control per number and changes no text, value or editable region', async () => {
    const p = open(`
      <div id="card"><p>Тел.: <b>+7 (495)</b> <i>123-45-67</i>, моб. 8 916 123-45-67</p>
      <p>ИНН 7707083893, заказ № 4951234567, 23-11-2026 09:55 AM</p></div>
      <textarea id="ta">8 916 765-43-21</textarea>
      <input id="plain" value="8 916 765-43-22">
      <div id="editor" contenteditable="true">8 916 765-43-23</div>
      <script>var phone = "89167654324";</script>`);
    const before = {
      text: p.document.getElementById('card')!.textContent,
      ta: (p.document.getElementById('ta') as HTMLTextAreaElement).value,
      plain: (p.document.getElementById('plain') as HTMLInputElement).value,
      editor: p.document.getElementById('editor')!.innerHTML,
    };
    const linked = await link(p, generic);
    // The number split over <b> and <i> is one number; the ИНН, order number and date are not.
    expect(describeTargets(linked.linker)).toEqual(['text:+74951234567', 'text:+79161234567']);
    expect(p.document.getElementById('card')!.textContent).toBe(before.text);
    expect((p.document.getElementById('ta') as HTMLTextAreaElement).value).toBe(before.ta);
    expect((p.document.getElementById('plain') as HTMLInputElement).value).toBe(before.plain);
    expect(p.document.getElementById('editor')!.innerHTML).toBe(before.editor);
    expect(
      p.document.querySelector('textarea callbridge-call, [contenteditable] callbridge-call'),
    ).toBeNull();
    // The control is empty in the light DOM: nothing of it is copied with the text.
    for (const host of controls(p)) expect(host.childNodes).toHaveLength(0);
    // The first number has text after it on its line: its control shows on hover/focus only.
    expect(controls(p).map((h) => h.hasAttribute('data-crowded'))).toEqual([true, false]);
    linked.controller.abort();
  });

  it('puts the control right after the number, inside the element that holds its end', async () => {
    const p = open('<td id="cell"><span>+7 (495)</span><span id="end"> 123-45-67</span></td>');
    const linked = await link(p, generic);
    const end = p.document.getElementById('end')!;
    expect(end.lastChild?.nodeName).toBe('CALLBRIDGE-CALL');
    expect(end.textContent).toBe(' 123-45-67');
    linked.controller.abort();
  });

  it('removes every trace when stopped: the DOM is exactly as before', async () => {
    const p = open(`
      <table><tr class="row"><td>Иван</td><td>+7 (495) 123-45-67</td><td><a href="tel:+74951234568">позвонить</a></td></tr></table>
      <form><input type="tel" name="phone" value="8 916 123-45-67"></form>
      <p>Звоните: 8 800 555-35-35 доб. 12 или <span>8 (812)</span><span> 555-12-34</span></p>`);
    const before = p.document.documentElement.outerHTML;
    const linked = await link(p, generic);
    expect(controls(p)).toHaveLength(5);
    expect(p.document.documentElement.outerHTML).not.toBe(before);
    linked.controller.abort();
    expect(controls(p)).toHaveLength(0);
    expect(p.document.documentElement.outerHTML).toBe(before);
  });

  it('never links a number twice, however often its part of the page is scanned', async () => {
    const p = open('<div id="box"><p>+7 (495) 123-45-67</p></div>');
    const linked = await link(p, generic);
    linked.linker.scan(p.document.getElementById('box')!);
    linked.linker.scan(p.document.body);
    await linked.settle();
    expect(controls(p)).toHaveLength(1);
    linked.controller.abort();
  });

  it('places a call on a trusted click only, and the click never reaches the page', async () => {
    const p = open('<table><tr id="row"><td>+7 (495) 123-45-67 доб. 204</td></tr></table>');
    const linked = await link(p, generic);
    let rowClicks = 0;
    p.document.getElementById('row')!.addEventListener('click', () => rowClicks++);
    const host = controls(p)[0]!;

    click(p, host, false); // a page script's host.click() or dispatchEvent
    (host as HTMLElement).click();
    expect(linked.activations).toEqual([]);

    const event = click(p, host, true);
    expect(linked.activations).toEqual([{ number: '+74951234567', ext: '204', source: 'text' }]);
    expect(event.defaultPrevented).toBe(true);
    expect(rowClicks).toBe(0); // vTiger would have opened the record
    linked.controller.abort();
  });

  it('takes over tel:, callto: and sip: links; leaves SIP addresses that are not numbers alone', async () => {
    const p = open(`
      <a id="tel" href="tel:+7-495-123-45-67">звонок</a>
      <a id="callto" href="callto:88005553535">Skype</a>
      <a id="sip" href="sip:+74951234569@pbx.example.com">SIP</a>
      <a id="ext" href="sip:1001@pbx.example.com">коллега</a>`);
    const linked = await link(p, generic);
    expect(describeTargets(linked.linker)).toEqual([
      'link:+74951234567',
      'link:+78005553535',
      'link:+74951234569',
    ]);

    const untrusted = click(p, p.document.getElementById('tel')!, false);
    expect(untrusted.defaultPrevented).toBe(false); // not ours to stop: we do nothing at all
    expect(linked.activations).toEqual([]);

    const trusted = click(p, p.document.getElementById('callto')!, true);
    expect(trusted.defaultPrevented).toBe(true); // no OS handler
    expect(linked.activations).toEqual([{ number: '+78005553535', source: 'link' }]);

    click(p, p.document.getElementById('ext')!, true);
    expect(linked.activations).toHaveLength(1);
    linked.controller.abort();
  });

  it('gives phone inputs a control that dials the current value, and hides it when empty', async () => {
    const p = open(
      '<form><input id="tel" type="tel" value="8 916 123-45-67"><input type="text" value="8 916 123-45-68"></form>',
    );
    const linked = await link(p, generic);
    const input = p.document.getElementById('tel') as HTMLInputElement;
    const host = controls(p)[0]! as HTMLElement;
    expect(controls(p)).toHaveLength(1);
    expect(input.nextSibling).toBe(host);

    input.value = '+7 495 765-43-21';
    click(p, host, true);
    expect(linked.activations).toEqual([{ number: '+74957654321', source: 'input' }]);

    input.value = '';
    input.dispatchEvent(new p.window.Event('input') as unknown as Event);
    expect(host.hidden).toBe(true);
    expect(input.value).toBe('');
    linked.controller.abort();
  });

  it('processes only what was added, and follows text the page rewrites', async () => {
    const p = open(
      '<table id="list"><tr><td>+7 (495) 123-45-67</td></tr></table><p id="note">8 800 555-35-35</p>',
    );
    const roots: Element[] = [];
    const spy: Adapter = {
      ...generic,
      fields: (root) => {
        roots.push(root);
        return generic.fields(root);
      },
    };
    const linked = await link(p, spy);
    expect(controls(p)).toHaveLength(2);
    roots.length = 0;

    const row = p.document.createElement('tr');
    row.innerHTML = '<td>8 (812) 555-12-34</td>';
    p.document.querySelector('#list tbody, #list')!.append(row);
    await linked.settle();
    expect(roots).toEqual([row]); // the new row, not the document
    expect(controls(p)).toHaveLength(3);

    // A framework updates the note's text node in place: the old control goes, a new one comes.
    (p.document.getElementById('note')!.firstChild as Text).data = '8 903 123-45-67';
    await linked.settle();
    expect(describeTargets(linked.linker).slice(-1)).toEqual(['text:+79031234567']);
    expect(controls(p)).toHaveLength(3);

    row.remove();
    await linked.settle();
    expect(controls(p)).toHaveLength(2);
    expect(linked.linker.counts().text).toBe(2);
    linked.controller.abort();
  });

  it('reads faxes but never links them', async () => {
    const p = open('<p>Тел.: +7 495 123-45-67, факс: +7 495 123-45-68</p>');
    const linked = await link(p, generic);
    expect(describeTargets(linked.linker)).toEqual(['text:+74951234567']);
    linked.controller.abort();
  });

  it('styles the numbers with one CSS highlight, and removes it when stopped', async () => {
    const p = open('<p>+7 (495) 123-45-67 и 8 916 123-45-67</p>');
    // happy-dom has no Custom Highlight API: a minimal stand-in of the browser's.
    const registry = new Map<string, Set<unknown>>();
    const win = p.window as unknown as Record<string, unknown>;
    Object.defineProperty(win, 'CSS', { value: { highlights: registry }, configurable: true });
    win.Highlight = class extends Set<unknown> {};
    win.StaticRange = class {
      constructor(readonly init: object) {}
    };
    const linked = await link(p, generic);
    expect(registry.get('callbridge-phone')?.size).toBe(2);
    linked.controller.abort();
    expect(registry.size).toBe(0);
  });

  describe('in a big table (250 rows and more)', () => {
    /** Rows of `+7 (495) 1xx-xx-xx` numbers, one per row. */
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => {
        const digits = String(1_000_000 + i);
        const number = `+7 (495) ${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
        return `<tr><td>Иван ${i}</td><td class="phone">${number}</td></tr>`;
      }).join('');

    /** Closed shadow roots, opened for the test: the control's button is inside. */
    function openShadows(p: Page): void {
      const proto = p.window.Element.prototype as unknown as {
        attachShadow(init: ShadowRootInit): ShadowRoot;
      };
      const attach = proto.attachShadow;
      proto.attachShadow = function (this: Element, init: ShadowRootInit) {
        return attach.call(this, { ...init, mode: 'open' });
      };
    }

    const frame = (p: Page) =>
      new Promise<void>((resolve) => p.window.requestAnimationFrame(() => resolve()));

    it('puts the controls in a layer outside the page: the table is not touched', async () => {
      const p = open(`<table id="list"><tbody>${rows(300)}</tbody></table>`);
      const table = p.document.getElementById('list')!;
      const before = table.outerHTML;
      const linked = await link(p, generic);
      expect(linked.linker.counts().text).toBe(300);
      expect(controls(p)).toHaveLength(300);
      const layer = p.document.documentElement.querySelector(':scope > callbridge-layer');
      expect(layer).not.toBeNull();
      for (const host of controls(p)) expect(host.parentElement).toBe(layer);
      // Not one node inside the table changed: no relayout of 300 rows for our sake.
      expect(table.outerHTML).toBe(before);
      linked.controller.abort();
      expect(p.document.querySelector('callbridge-layer, callbridge-call')).toBeNull();
      expect(table.outerHTML).toBe(before);
    });

    it('keeps controls in the cells of a smaller table', async () => {
      const p = open(`<table id="list"><tbody>${rows(20)}</tbody></table>`);
      const linked = await link(p, generic);
      expect(controls(p)).toHaveLength(20);
      for (const host of controls(p)) expect(host.closest('td.phone')).not.toBeNull();
      linked.controller.abort();
    });

    it('places each floating control after its number, underlined, and hides clipped ones', async () => {
      const p = open(
        `<div id="box" style="overflow: auto"><table id="list"><tbody>${rows(260)}</tbody></table></div>`,
      );
      openShadows(p);
      const win = p.window as unknown as {
        Range: { prototype: { getClientRects(): DOMRect[] } };
        DOMRect: typeof DOMRect;
      };
      const numberBox = (range: Range) => {
        // Row i's number sits at y = 20 * i, from x = 100 to x = 220.
        const row = (range.startContainer.parentElement?.closest('tr') as HTMLTableRowElement)
          .sectionRowIndex;
        return new win.DOMRect(100, 20 * row, 120, 16);
      };
      win.Range.prototype.getClientRects = function (this: Range) {
        return [numberBox(this)];
      };
      // The scroll box shows rows 0 to 9 only.
      const box = p.document.getElementById('box')!;
      box.getBoundingClientRect = () => new win.DOMRect(0, 0, 800, 200);
      const linked = await link(p, generic);
      await frame(p);
      await frame(p);
      const hosts = controls(p);
      expect(hosts).toHaveLength(260);
      const button = (host: Element) => host.shadowRoot!.querySelector('button')!;
      const line = (host: Element) => host.shadowRoot!.querySelector<HTMLElement>('.line')!;
      // Row 3: its number ends at x = 220; the 16 px button is centred on its line.
      expect(hosts[3]!.hasAttribute('data-clipped')).toBe(false);
      expect(button(hosts[3]!).style.left).toBe('222px');
      expect(button(hosts[3]!).style.top).toBe('60px');
      expect(line(hosts[3]!).style.left).toBe('100px');
      expect(line(hosts[3]!).style.width).toBe('120px');
      // Row 50 is scrolled out of the box: its control is hidden, not floating over the page.
      expect(hosts[50]!.hasAttribute('data-clipped')).toBe(true);
      // The box scrolls: the controls follow.
      box.getBoundingClientRect = () => new win.DOMRect(0, 900, 800, 200);
      box.dispatchEvent(new p.window.Event('scroll') as unknown as Event);
      await frame(p);
      await frame(p);
      expect(hosts[3]!.hasAttribute('data-clipped')).toBe(true);
      expect(hosts[50]!.hasAttribute('data-clipped')).toBe(false);
      expect(button(hosts[50]!).style.top).toBe('1000px');
      linked.controller.abort();
    });

    it('measures floating controls only while their row is near the viewport', async () => {
      const p = open(`<table id="list"><tbody>${rows(300)}</tbody></table>`);
      // A stand-in IntersectionObserver: the test says which rows are near the viewport.
      type Entry = { target: Element; isIntersecting: boolean };
      let report: (entries: Entry[]) => void = () => undefined;
      const observed = new Set<Element>();
      (p.window as unknown as Record<string, unknown>).IntersectionObserver = class {
        constructor(callback: (entries: Entry[], observer: unknown) => void) {
          report = (entries) => callback(entries, this);
        }
        observe(element: Element) {
          observed.add(element);
        }
        unobserve(element: Element) {
          observed.delete(element);
        }
        disconnect() {
          observed.clear();
        }
      };
      let measured = 0;
      /** Hidden controls at the time of the last read: hiding before reading forces a layout. */
      let hiddenAtRead = 0;
      const win = p.window as unknown as {
        Range: { prototype: { getClientRects(): DOMRect[] } };
        DOMRect: typeof DOMRect;
      };
      win.Range.prototype.getClientRects = function () {
        measured++;
        hiddenAtRead = controls(p).filter((h) => h.hasAttribute('data-clipped')).length;
        return [new win.DOMRect(100, 20, 120, 16)];
      };
      const linked = await link(p, generic, { eager: false });
      expect(controls(p)).toHaveLength(0); // nothing near the viewport yet
      const rowsOf = (from: number, to: number) =>
        [...p.document.querySelectorAll('#list tr')].slice(from, to);
      const near = (from: number, to: number, isIntersecting = true) =>
        rowsOf(from, to).map((target) => ({ target, isIntersecting }));
      const shown = () => controls(p).filter((h) => !h.hasAttribute('data-clipped'));

      report(near(0, 10));
      await frame(p);
      await frame(p);
      expect(controls(p)).toHaveLength(10);
      expect(shown()).toHaveLength(10);

      // A scroll: rows 0–9 leave, 100–109 come near. The new ones are measured before the
      // leaving ones are hidden (one layout, the frame's own).
      report([...near(0, 10, false), ...near(100, 110)]);
      expect(hiddenAtRead).toBe(0);
      await frame(p);
      await frame(p);
      expect(controls(p)).toHaveLength(20);
      expect(shown()).toHaveLength(10);
      // Rows that left stay watched (their controls come back with them) …
      expect(rowsOf(0, 10).every((row) => observed.has(row))).toBe(true);
      // … but are not measured: a pass after a resize reads the ten near rows only.
      measured = 0;
      p.window.dispatchEvent(new p.window.Event('resize'));
      await frame(p);
      await frame(p);
      expect(measured).toBe(10);

      report(near(0, 10));
      await frame(p);
      await frame(p);
      expect(shown()).toHaveLength(20);
      linked.controller.abort();
      expect(observed.size).toBe(0);
    });

    it('makes the floating controls of added rows in the next frame, not in the page task', async () => {
      const p = open(`<table id="list"><tbody>${rows(300)}</tbody></table>`);
      openShadows(p);
      const win = p.window as unknown as {
        Range: { prototype: { getClientRects(): DOMRect[] } };
        DOMRect: typeof DOMRect;
      };
      win.Range.prototype.getClientRects = () => [new win.DOMRect(100, 20, 120, 16)];
      const linked = await link(p, generic);
      await frame(p);
      expect(controls(p)).toHaveLength(300);
      const tbody = p.document.querySelector('#list tbody')!;
      const added = p.document.createElement('template');
      added.innerHTML = rows(3).replaceAll('+7 (495) 100', '+7 (812) 100');
      tbody.prepend(added.content);
      // The page's task, with the mutation records it caused: the new numbers are found there…
      await Promise.resolve();
      await Promise.resolve();
      expect(linked.linker.counts().text).toBe(303);
      // … but no control is made until the next frame, which measures and places them.
      expect(controls(p)).toHaveLength(300);
      await frame(p);
      const hosts = controls(p);
      expect(hosts).toHaveLength(303);
      const layer = p.document.querySelector('callbridge-layer');
      const made = hosts.slice(300);
      for (const host of made) {
        expect(host.parentElement).toBe(layer);
        expect(host.hasAttribute('data-clipped')).toBe(false);
        expect(host.shadowRoot!.querySelector('button')!.style.left).toBe('222px');
      }
      linked.controller.abort();
    });

    it('a trusted click on a floating control calls its number; the row never sees it', async () => {
      const p = open(`<table id="list"><tbody>${rows(250)}</tbody></table>`);
      const linked = await link(p, generic);
      let rowClicks = 0;
      p.document.getElementById('list')!.addEventListener('click', () => rowClicks++);
      click(p, controls(p)[7]!, false);
      expect(linked.activations).toHaveLength(0);
      click(p, controls(p)[7]!, true);
      expect(linked.activations.map((t) => t.number)).toEqual(['+74951000007']);
      expect(rowClicks).toBe(0);
      linked.controller.abort();
    });
  });

  it('reads contacts when the page is idle, one read per row for all its numbers', async () => {
    const p = open(`<table>
      <tr id="ivan"><td>+7 (495) 123-45-67</td><td>8 916 123-45-67</td></tr>
      <tr id="anna"><td>+7 (495) 765-43-21</td><td>8 916 765-43-21</td></tr>
    </table>`);
    const rowsRead: string[] = [];
    const adapter: Adapter = {
      ...generic,
      contactFor: (element, memo) =>
        memoized(memo, element.closest('tr')!, (row) => {
          rowsRead.push(row.id);
          return { name: row.id };
        }),
    };
    const idle: Array<() => void> = [];
    const linked = await link(p, adapter, {
      idle: (work) => idle.push(() => work(() => 50)),
    });
    // The scan is done, and no contact has been read during it.
    expect(describeTargets(linked.linker)).toHaveLength(4);
    expect(linked.contacts).toEqual([]);
    expect(idle).toHaveLength(1);
    // A row the page removes before then is not read: its numbers are gone.
    p.document.getElementById('anna')!.remove();
    idle.shift()!();
    expect(rowsRead).toEqual(['ivan']);
    expect(linked.contacts).toEqual([
      { number: '+74951234567', name: 'ivan' },
      { number: '+79161234567', name: 'ivan' },
    ]);
    linked.controller.abort();
  });
});
