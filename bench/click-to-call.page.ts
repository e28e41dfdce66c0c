/**
 * The in-page half of bench/click-to-call.bench.ts, bundled by esbuild into a plain script:
 * our engine (the real PhoneLinker, scheduler and adapters) and ringcentral-c2d's
 * LibPhoneNumberMatcher, run on the same generated page.
 */
import { LibPhoneNumberMatcher } from 'ringcentral-c2d/matchers';
import { generic } from '../adapters/generic';
import { vtiger } from '../adapters/vtiger';
import { installHighlightStyle, installLayer, PhoneLinker } from '../lib/dom/linker';
import { ChunkedScheduler } from '../lib/dom/scheduler';

interface Run {
  /** Until every number is found and highlighted and the visible ones have their control. */
  ms: number;
  /** Until the frame that lays out and paints those controls has been rendered too. */
  renderedMs: number;
  maxSliceMs: number;
  /** All of the scheduler's slices together: the scan's JavaScript. */
  sliceMs: number;
  slices: number;
  numbers: number;
  controls: number;
}

/**
 * Resolves once the next frame has been rendered: a task posted from requestAnimationFrame runs
 * after that frame's style, layout and paint (a rAF callback alone runs before them).
 */
const nextTask = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
const rendered = async () => {
  await frame();
  await nextTask();
};

/**
 * Controls go in from IntersectionObserver callbacks: the frame after a scan computes which
 * new numbers are near the viewport, its callback (a task after that frame) puts their controls
 * in, and the frame after that lays them out and paints them.
 */
async function controlsRendered(): Promise<void> {
  await rendered();
  await rendered();
}

let scheduler: ChunkedScheduler | undefined;
/** Contacts read: the content script sends them to the background in batches and keeps none. */
let contactsRead = 0;
let slices: number[] = [];
/** Time spent in the linker's IntersectionObserver callbacks (putting controls in). */
let observerMs = 0;

// The linker's control insertion runs in IntersectionObserver callbacks, outside the scheduler's
// slices: time them too, so "work" is all of our main-thread JavaScript.
const NativeIntersectionObserver = window.IntersectionObserver;
window.IntersectionObserver = class extends NativeIntersectionObserver {
  constructor(callback: IntersectionObserverCallback, options?: IntersectionObserverInit) {
    super((entries, observer) => {
      const start = performance.now();
      callback(entries, observer);
      observerMs += performance.now() - start;
    }, options);
  }
};

// The floating controls of added rows are made and placed in an animation frame callback
// (lib/dom/linker.ts, flush): time those callbacks during append() too. They also hold the layout
// of the page's change that their first read forces (the frame would compute it anyway), so they
// are reported on their own line, not as part of "work".
let frameMs = 0;
let timingFrames = false;
const nativeFrame = window.requestAnimationFrame.bind(window);
window.requestAnimationFrame = (callback) =>
  nativeFrame((time) => {
    if (!timingFrames) return callback(time);
    const start = performance.now();
    callback(time);
    frameMs += performance.now() - start;
  });

const controlCount = () => document.getElementsByTagName('callbridge-call').length;

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
    // The content script collects every number's contact (name, record URL) for caller ID.
    onContact: () => contactsRead++,
    scheduler,
    signal: controller.signal,
  });
  const start = performance.now();
  linker.start();
  await scheduler.idle();
  // The frame after the scan computes which numbers are near the viewport; the observer's
  // callback puts their controls in, in a task before the next frame's rAF callbacks.
  await rendered();
  await frame();
  const ms = performance.now() - start;
  await nextTask();
  const renderedMs = performance.now() - start;
  const counts = linker.counts();
  return {
    ms,
    renderedMs,
    maxSliceMs: Math.max(...slices),
    sliceMs: slices.reduce((a, b) => a + b, 0),
    slices: slices.length,
    numbers: counts.text + counts.field + counts.input + counts.link,
    controls: controlCount(),
  };
}

function rowsFragment(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

/**
 * Appends rows the way a CRM renders the next page, and waits until the new rows on screen have
 * their controls and the frame showing them is rendered. `workMs` is our JavaScript only (the
 * scheduler's slices and the observer callbacks); `latencyMs` also holds the browser's own work
 * for the new rows (style, layout and paint of the table), which appendAlone() measures alone.
 */
async function append(html: string): Promise<{
  latencyMs: number;
  workMs: number;
  /** The scheduler's slices, the first one the scan started in the page's own task. */
  sliceMs: number[];
  /** The IntersectionObserver callbacks. */
  observerMs: number;
  /** Animation frame callbacks (floating controls made and placed, and the layout that forces). */
  frameMs: number;
  controls: number;
  newControls: number;
  frames: number;
}> {
  const tbody = document.querySelector('tbody')!;
  const rows = rowsFragment(html);
  await rendered();
  const before = slices.length;
  const controlsBefore = controlCount();
  observerMs = 0;
  frameMs = 0;
  timingFrames = true;
  const start = performance.now();
  // Appended at the top, where they are visible (a CRM's "new rows first").
  tbody.prepend(rows);
  // The observer reports in a microtask and the scan starts in it (ChunkedScheduler.runNow);
  // what does not fit there goes on in the scheduler's own tasks. The controls in the page are
  // counted after each frame is rendered, until the scan is done: `frames` is the first frame
  // rendered with all of the new rows' controls in it (1: the frame that first shows the rows).
  await Promise.resolve();
  const counts: number[] = [];
  do {
    await rendered();
    counts.push(controlCount());
  } while (scheduler!.pending > 0);
  await scheduler!.idle();
  await controlsRendered();
  const latencyMs = performance.now() - start;
  timingFrames = false;
  const sliceList = slices.slice(before);
  const sliceMs = sliceList.reduce((a, b) => a + b, 0);
  const controls = controlCount();
  const complete = counts.indexOf(controls);
  const frames = complete >= 0 ? complete + 1 : counts.length + 1;
  return {
    latencyMs,
    workMs: sliceMs + observerMs,
    sliceMs: sliceList.map((ms) => Math.round(ms * 10) / 10),
    observerMs,
    frameMs,
    controls,
    newControls: controls - controlsBefore,
    frames,
  };
}

/** The same append on a page without any scanner: the page's own cost, until it is rendered. */
async function appendAlone(html: string): Promise<{ latencyMs: number }> {
  const tbody = document.querySelector('tbody')!;
  const rows = rowsFragment(html);
  await rendered();
  const start = performance.now();
  tbody.prepend(rows);
  await rendered();
  return { latencyMs: performance.now() - start };
}

function c2d(): { ms: number; matches: number } {
  const matcher = new LibPhoneNumberMatcher({ countryCode: 'RU' });
  const start = performance.now();
  const matches = matcher.match({ node: document.body }) ?? [];
  return { ms: performance.now() - start, matches: matches.length };
}

/**
 * What the content script does at document_start: the highlight rule and the layer of floating
 * controls go in before the page's first style and layout.
 */
function preinstall(): void {
  installHighlightStyle(document);
  // An init script runs before the parser has made <html>; the content script, after a storage
  // read, finds it there. Put the layer in as soon as <html> exists, as the content script does.
  const layer = () => {
    if (document.documentElement) installLayer(document);
    else setTimeout(layer, 0);
  };
  layer();
}

(window as unknown as Record<string, unknown>).bench = {
  contactsRead: () => contactsRead,
  callbridge,
  append,
  appendAlone,
  c2d,
  preinstall,
};
