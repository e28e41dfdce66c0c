/**
 * Unit-test helpers for the click-to-call engine: load a saved CRM page into its own happy-dom
 * window (with the URL it had, scripts off), run the linker on it to completion, and read what
 * it did. The scheduler runs on a manual queue, so a test decides when work happens.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import type { Adapter } from '../../adapters/types';
import { PhoneLinker, type Feedback, type LinkerOptions } from '../../lib/dom/linker';
import { ChunkedScheduler } from '../../lib/dom/scheduler';
import type { LinkTarget } from '../../lib/dom/types';
import type { CountryCode } from '../../lib/phone';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export function fixturePath(adapter: string, name: string): string {
  return resolve(ROOT, 'adapters', adapter, 'fixtures', name);
}

export interface Page {
  window: Window;
  document: Document;
  close(): Promise<void>;
}

export function loadHtml(html: string, url = 'https://crm.example.com/'): Page {
  const window = new Window({
    url,
    width: 1280,
    height: 800,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      navigator: { userAgent: 'callbridge-test' },
    },
  });
  window.document.write(html);
  return {
    window,
    document: window.document as unknown as Document,
    close: () => window.happyDOM.close(),
  };
}

export function loadFixture(adapter: string, name: string, url?: string): Page {
  return loadHtml(readFileSync(fixturePath(adapter, name), 'utf8'), url);
}

export interface Linked {
  linker: PhoneLinker;
  controller: AbortController;
  activations: LinkTarget[];
  contacts: Array<{ number: string; name?: string; recordUrl?: string }>;
  /** Runs queued work (and waits for the page's mutation records) until nothing is left. */
  settle(): Promise<void>;
  slices: number[];
}

export async function link(
  page: Page,
  adapter: Adapter,
  options: {
    country?: CountryCode;
    onActivate?: (t: LinkTarget, f: Feedback) => void;
    /** False: controls wait for the page's IntersectionObserver (a test's stand-in). */
    eager?: boolean;
    /** Where idle-time work goes; by default it runs when the test settles. */
    idle?: LinkerOptions['idle'];
  } = {},
): Promise<Linked> {
  const queue: Array<() => void> = [];
  const controller = new AbortController();
  const slices: number[] = [];
  const scheduler = new ChunkedScheduler({
    schedule: (run) => queue.push(run),
    signal: controller.signal,
    onSlice: (ms) => slices.push(ms),
    budgetMs: 1_000_000,
  });
  const activations: LinkTarget[] = [];
  const contacts: Linked['contacts'] = [];
  const linkerOptions: LinkerOptions = {
    profile: adapter,
    country: () => options.country ?? adapter.region?.(page.document) ?? 'RU',
    label: (n) => `Call ${n}`,
    onActivate: (target, feedback) => {
      activations.push(target);
      options.onActivate?.(target, feedback);
    },
    onContact: (c) => contacts.push(c),
    // Contacts are read when the page is idle: here, when the test settles.
    idle: options.idle ?? ((work) => queue.push(() => work(() => Infinity))),
    scheduler,
    signal: controller.signal,
    eager: options.eager ?? true,
  };
  const linker = new PhoneLinker(page.document, linkerOptions);
  const settle = async () => {
    for (let round = 0; round < 50; round++) {
      // Mutation records are delivered in a microtask; give them a chance first.
      await new Promise((r) => setTimeout(r, 0));
      if (queue.length === 0) return;
      while (queue.length > 0) queue.shift()!();
    }
    throw new Error('the linker did not settle');
  };
  linker.start();
  await settle();
  return { linker, controller, activations, contacts, settle, slices };
}

/** The numbers with a control, as `source:number[;ext=…]`, in discovery order. */
export function describeTargets(linker: PhoneLinker): string[] {
  return linker.targets().map((t) => `${t.source}:${t.number}${t.ext ? `;ext=${t.ext}` : ''}`);
}
