/**
 * The in-page half of bench/click-to-call.bench.ts, bundled by esbuild into a plain script:
 * our engine (the real PhoneLinker, scheduler and adapters) and ringcentral-c2d's
 * LibPhoneNumberMatcher, run on the same generated page.
 */
import { LibPhoneNumberMatcher } from 'ringcentral-c2d/matchers';
import { generic } from '../adapters/generic';
import { vtiger } from '../adapters/vtiger';
import { installHighlightStyle, PhoneLinker } from '../lib/dom/linker';
import { ChunkedScheduler } from '../lib/dom/scheduler';

interface Run {
  /** Until every number is found and highlighted and the visible ones have their control. */
  ms: number;
  maxSliceMs: number;
  slices: number;
  numbers: number;
  controls: number;
}

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

let scheduler: ChunkedScheduler | undefined;
let slices: number[] = [];

async function callbridge(adapterId: 'vtiger' | 'generic'): Promise<Run> {
  const controller = new AbortController();
  slices = [];
  scheduler = new ChunkedScheduler({
    signal: controller.signal,
    onSlice: (ms, steps) => {
      slices.push(ms);
      if (ms > 30)
        (window as unknown as { longSlices: string[] }).longSlices.push(
          `${ms.toFixed(0)}ms/${steps}steps@${slices.length}`,
        );
    },
  });
  (window as unknown as { longSlices: string[] }).longSlices = [];
  const linker = new PhoneLinker(document, {
    profile: adapterId === 'vtiger' ? vtiger : generic,
    country: () => 'RU',
    label: (n) => `Call ${n}`,
    onActivate: () => undefined,
    scheduler,
    signal: controller.signal,
  });
  const start = performance.now();
  linker.start();
  await scheduler.idle();
  // The visible numbers' controls go in at the next rendering opportunity (IntersectionObserver).
  await frame();
  await frame();
  const ms = performance.now() - start;
  const counts = linker.counts();
  return {
    ms,
    maxSliceMs: Math.max(...slices),
    slices: slices.length,
    numbers: counts.text + counts.field + counts.input + counts.link,
    controls: document.querySelectorAll('callbridge-call').length,
  };
}

/** Appends rows the way a CRM renders the next page, and waits until they have controls. */
async function append(
  html: string,
): Promise<{ latencyMs: number; workMs: number; controls: number }> {
  const tbody = document.querySelector('tbody')!;
  const template = document.createElement('template');
  template.innerHTML = html;
  const before = slices.length;
  const start = performance.now();
  // Appended at the top, where they are visible (a CRM's "new rows first").
  tbody.prepend(template.content);
  // The observer reports in a microtask; the scheduler then works in its own tasks; the
  // controls of the rows on screen go in at the next frame.
  await Promise.resolve();
  await scheduler!.idle();
  await frame();
  const latencyMs = performance.now() - start;
  const workMs = slices.slice(before).reduce((a, b) => a + b, 0);
  return { latencyMs, workMs, controls: document.querySelectorAll('callbridge-call').length };
}

function c2d(): { ms: number; matches: number } {
  const matcher = new LibPhoneNumberMatcher({ countryCode: 'RU' });
  const start = performance.now();
  const matches = matcher.match({ node: document.body }) ?? [];
  return { ms: performance.now() - start, matches: matches.length };
}

/** What the content script does at document_start: the highlight rule before the first style. */
function preinstall(): void {
  installHighlightStyle(document);
}

(window as unknown as Record<string, unknown>).bench = { callbridge, append, c2d, preinstall };
