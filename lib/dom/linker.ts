/**
 * The linker: turns the phone numbers of a page into call controls without rewriting it.
 *
 * For every number it finds it
 *  - styles the number's text with the CSS Custom Highlight API (a StaticRange in one Highlight;
 *    no element is wrapped, no text node is split: frameworks that keep references to their text
 *    nodes — React, Vue, jQuery's .text() — keep working, and the text, values and copy/paste of
 *    the page stay exactly as they were), and
 *  - inserts one empty `<callbridge-call>` element right after the number's last text node
 *    (control.ts), whose button places the call.
 * Phone <input>s get a control beside them; tel:, callto: and sip: links, and links the CRM made
 * itself (ScanProfile.phoneLinks), are taken over: a trusted click on them calls through
 * Callbridge instead of the operating system's handler.
 *
 * Work is chunked (scheduler.ts) and driven by one MutationObserver (observer.ts) that reports
 * only what was added or changed. On the first scan, controls are put in lazily, for numbers
 * near the viewport (IntersectionObserver): finding and highlighting change nothing in the
 * page's layout, but any element added to a big table makes the browser lay the whole table out
 * again (measured on the bench's 5,000-row list: ~70 ms of layout and ~40 ms of pre-paint for
 * one empty element in one cell), so every frame that puts controls in costs that once.
 * What the page adds later (a few rows) is scanned at once, in the page's own task, and gets its
 * controls before the browser renders the addition: one layout pass then covers the page's
 * change and ours, where waiting for the IntersectionObserver took a second one.
 * In big tables (BIG_TABLE_ROWS) even that one element per frame is too much — it makes the
 * browser lay the whole table out again — so there the controls float: they live in one layer
 * after <body> and are placed by measurement beside their number (underlined there too), hidden
 * while a scroll box clips the number, and placed again after DOM changes, scrolls and resizes.
 * Nothing at all is inserted into such a table. What the page adds to one is still scanned in its
 * own task, but the floating controls are made in the next animation frame, which measures and
 * places them on the layout that frame computes anyway, before it paints.
 * Everything is tied to one AbortSignal: when it aborts, every control, highlight, listener and
 * stylesheet goes away and the DOM is as it was.
 */
import type { CountryCode } from '../phone';
import { findPhoneNumbers, findPhoneNumbersInTextRuns, normalizeDialInput } from '../phone';
import {
  createControl,
  addUnderline,
  createLayer,
  isControl,
  placeFloating,
  placeMeasured,
  type Control,
} from './control';
import { observeRoot, type DomChanges } from './observer';
import {
  blockOf,
  isInline,
  isInsideExcluded,
  textRuns,
  withoutSkipped,
  type TextRun,
} from './runs';
import type { ChunkedScheduler, Work } from './scheduler';
import type { ContactHint, FieldMatch, LinkTarget, ScanProfile } from './types';

export const HIGHLIGHT_NAME = 'callbridge-phone';
const STYLE_ID = 'callbridge-highlight-style';
const HIGHLIGHT_CSS = `::highlight(${HIGHLIGHT_NAME}) { text-decoration: underline dotted #1a73e8; text-decoration-thickness: 1px; text-underline-offset: 2px; }`;

/** Links with these schemes are taken over on every page. */
const CALL_LINKS = 'a[href^="tel:" i], a[href^="callto:" i], a[href^="sip:" i], a[href^="sips:" i]';
const CALL_SCHEME = /^\s*(?:tel|callto|sips?):/i;

/** Events on our controls that must not reach the page (vTiger opens a record on any row click). */
const SHIELDED = [
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'dblclick',
  'auxclick',
  'touchstart',
  'touchend',
] as const;

/**
 * How much scanning makes one step of chunked work (scheduler.ts). A step per run or per field
 * made ~35,000 steps of the bench list's first scan, and each step costs a clock read and the
 * resumption of three nested generators: ~20 ms of the scan. A run costs 5-15 µs, so 16 runs
 * are still a fraction of a millisecond.
 */
const RUNS_PER_STEP = 16;
const FIELDS_PER_STEP = 256;

/** Controls near the viewport (half a screen above and below) are put in. */
const NEAR_VIEWPORT = '50% 0px';

/**
 * What the page adds gets its controls at once, without waiting for the IntersectionObserver,
 * when it holds at most this many numbers (100 list rows hold ~300): they then go in before the
 * browser lays out the page's change, in the same pass. Bigger additions (a whole list
 * re-rendered) wait for the viewport, as the first scan does.
 */
const EAGER_LIMIT = 500;

/**
 * Numbers in a table with at least this many rows get floating controls (in a layer outside the
 * page's content) instead of a control beside them in the cell. Any element added to a table cell
 * makes the browser lay the whole table out again — measured on the bench's 5,000-row list: ~70 ms
 * of layout and ~25–40 ms of pre-paint per frame that adds controls, however few, i.e. every
 * scroll step that brings new rows near the viewport. A floating control costs the layer's own
 * layout only (~20 ms a frame there, most of it paint). At 250 rows a table lays out in ~5 ms, and
 * controls in the cells (which follow every layout change by themselves) are the better choice.
 */
const BIG_TABLE_ROWS = 250;

export type Feedback = (state: 'busy' | 'ok' | 'error', message?: string) => void;

export interface LinkerOptions {
  profile: ScanProfile;
  /** The region national numbers are read in (settings, or the adapter's reading of the page). */
  country: () => CountryCode;
  /** The control's accessible label for a number, in the user's language. */
  label: (number: string) => string;
  /** A trusted click (or Enter) on a control or a taken-over link. */
  onActivate: (target: LinkTarget, feedback: Feedback) => void;
  /**
   * A number seen next to its contact's name or record (for the caller-ID cache). Contacts are
   * read when the page is idle, after the scan (or 4 ms a second on a page that never is):
   * reading a list row's name and record URL for each of 13,500 numbers took ~100 ms of the
   * bench list's first scan.
   */
  onContact?: (contact: { number: string } & ContactHint) => void;
  /**
   * Runs `work` when the page is idle (default: requestIdleCallback, else a timer); `timeLeft`
   * says how many milliseconds it may take. Tests pass a manual queue.
   */
  idle?: (work: (timeLeft: () => number) => void) => void;
  scheduler: ChunkedScheduler;
  signal: AbortSignal;
  /**
   * Put every control in at once instead of near the viewport only (tests, and browsers without
   * IntersectionObserver).
   */
  eager?: boolean;
}

interface LinkRecord {
  target: LinkTarget;
  /** Created when the control is put into the page (near the viewport). */
  control?: Control;
  /** The element whose visibility decides when the control is put in. */
  watch: Element;
  /** Text numbers: the control goes right after this text node. */
  after?: Node;
  needsMeasure?: boolean;
  crowded?: boolean;
  /** The text nodes the number covers, first to last (empty for inputs and links). */
  texts: Text[];
  startOffset: number;
  endOffset: number;
  range?: AbstractRange;
  /** The input or taken-over link the control belongs to. */
  anchor?: Element;
  measured?: 'after' | 'inside-end';
  /** The control floats in the layer (the number is in a big table), placed by measurement. */
  floating?: boolean;
  /**
   * The number sits in a fixed or sticky box: a scroll of the document moves it against the
   * layer, which scrolls with the document (set when the control is measured).
   */
  pinned?: boolean;
}

export class PhoneLinker {
  private readonly opts: LinkerOptions;
  private readonly records = new Set<LinkRecord>();
  private readonly byText = new WeakMap<Text, LinkRecord[]>();
  private readonly byHost = new WeakMap<Element, LinkRecord>();
  private readonly byAnchor = new WeakMap<Element, LinkRecord>();
  /** How many anchors (inputs, links) were ever registered: 0 spares the walk a lookup. */
  private anchors = 0;
  /** Records waiting for their element to come near the viewport, by element. */
  private readonly waiting = new Map<Element, LinkRecord[]>();
  /** Records to put in at the end of the current step (eager mode, inputs, links). */
  private toPlace: LinkRecord[] = [];
  /** Numbers in big tables whose floating control is made in the next frame (see flush). */
  private toFloat: Array<{ record: LinkRecord; table: Element }> = [];
  /** Elements to start watching at the end of the current scan. */
  private toObserve: Element[] = [];
  /** The records the running scan step registers (set only while a scan step runs). */
  private found: LinkRecord[] | undefined;
  private io: IntersectionObserver | undefined;
  private highlight: Highlight | undefined;
  private highlightTried = false;
  private sweepQueued = false;
  private measureQueued = false;
  private idleMeasureQueued = false;
  /** Records whose control is placed by measurement (measured and floating ones). */
  private readonly measuredRecords = new Set<LinkRecord>();
  /** Floating records whose row is near the viewport: the only ones measured. */
  private readonly near = new Set<LinkRecord>();
  /** Floating records by the element whose visibility decides whether they are near. */
  private readonly floatingByWatch = new Map<Element, Set<LinkRecord>>();
  /** The layer of floating controls (installLayer: at document_start, or at start()). */
  private layer: HTMLElement | undefined;
  /** Re-places floating controls when a big table changes size. */
  private resizeObserver: ResizeObserver | undefined;
  private readonly resizeWatched = new WeakSet<Element>();
  /** What placing reads of an element's style (see boxOf), kept until the window is resized. */
  private boxes = new WeakMap<Element, BoxStyle>();
  /**
   * The page's DOM changed after its last frame began: its layout is not clean, so an
   * IntersectionObserver callback (which usually runs on the layout of the frame just rendered)
   * must not read positions. Measured: a callback that ran after the bench prepended 100 rows to
   * its 5,000-row list forced the table's whole layout (85-93 ms) into itself.
   */
  private changedSinceFrame = false;
  /** Floating records whose number is in a fixed or sticky box (LinkRecord.pinned). */
  private readonly pinned = new Set<LinkRecord>();
  private readonly seenContacts = new Set<string>();
  /** Numbers whose contact is still to be read (see LinkerOptions.onContact). */
  private contactQueue: Array<{ number: string; near: Element }> = [];
  private contactsQueued = false;
  private readonly idle: NonNullable<LinkerOptions['idle']>;
  private readonly doc: Document;

  constructor(doc: Document, opts: LinkerOptions) {
    this.doc = doc;
    this.opts = opts;
    this.idle = opts.idle ?? whenIdle(doc);
  }

  /** Number of live controls, by source (for tests and the benchmark). */
  counts(): Record<LinkTarget['source'], number> {
    const counts = { text: 0, field: 0, input: 0, link: 0 };
    for (const record of this.records) counts[record.target.source]++;
    return counts;
  }

  /** Every number with a control, in document order of discovery. */
  targets(): LinkTarget[] {
    return [...this.records].map((r) => r.target);
  }

  /** Starts linking: the whole document now, then whatever the page adds or changes. */
  start(): void {
    const { signal } = this.opts;
    if (signal.aborted) return;
    this.listen();
    const view = this.doc.defaultView as (Window & typeof globalThis) | null;
    if (!this.opts.eager && view && typeof view.IntersectionObserver === 'function') {
      this.io = new view.IntersectionObserver((entries) => this.onVisible(entries), {
        rootMargin: NEAR_VIEWPORT,
      });
    }
    signal.addEventListener('abort', () => this.destroy(), { once: true });
    // The (empty) layer goes in now: at document_start that costs nothing, while adding it later
    // makes the browser walk the whole page once more before painting (~25 ms on the bench's
    // 5,000-row list), in the same frame as the first floating controls.
    this.ensureLayer();
    const root = this.doc.documentElement;
    observeRoot(root, (changes) => this.onChanges(changes), { isOwn: isControl, signal });
    this.scan(this.doc.body ?? root);
  }

  /** Schedules a scan of `root` (an element, or a text node whose block is rescanned). */
  scan(root: Node): void {
    this.opts.scheduler.add(this.scanWork([root]));
  }

  private onChanges(changes: DomChanges): void {
    this.noteChange();
    for (const text of changes.changedText) this.unlinkText(text);
    // One piece of work for the whole batch: a CRM appending 100 rows reports 100 added nodes,
    // and one scan ends with one flush and one round of observe() calls instead of 100. It
    // starts now, in the page's own task (see ChunkedScheduler.runNow and EAGER_LIMIT).
    const roots = [...changes.changedText, ...changes.added];
    if (roots.length > 0) this.opts.scheduler.runNow(this.scanWork(roots, true));
    if (changes.removed) this.queueSweep();
    // Floating controls do not move with the page's layout by themselves.
    if (this.measuredRecords.size > 0) this.queueMeasure();
  }

  // ---- scanning -------------------------------------------------------------------------

  private *scanWork(roots: readonly Node[], added = false): Generator<void, void, undefined> {
    const found: LinkRecord[] = [];
    for (const root of roots) {
      const steps = this.scanInner(root);
      for (;;) {
        // Scans can be interleaved (runNow): each collects only what its own steps register.
        this.found = found;
        let done: boolean | undefined;
        try {
          done = steps.next().done;
        } finally {
          this.found = undefined;
        }
        if (done) break;
        yield;
      }
    }
    const now = added && found.length <= EAGER_LIMIT;
    for (const record of found) {
      if (!this.records.has(record)) continue;
      if (now) this.toPlace.push(record);
      else this.defer(record);
    }
    // Eager mode or a small addition: into the page now. Otherwise: watch for the new numbers
    // coming near the viewport.
    this.flush();
    yield* this.observeNew();
  }

  private *scanInner(root: Node): Generator<void, void, undefined> {
    let element: Element | null;
    if (root.nodeType === Node.TEXT_NODE) {
      // A changed or added text: read its whole block again, so a number split across inline
      // elements is still found as one. Existing links are not duplicated.
      const block = blockOf(root);
      element =
        block && block !== this.doc.body && block !== this.doc.documentElement
          ? block
          : root.parentElement;
    } else if (root.nodeType === Node.ELEMENT_NODE) {
      element = root as Element;
    } else {
      return;
    }
    if (!element || !element.isConnected || isControl(element)) return;
    const { profile } = this.opts;
    if (isInsideExcluded(element, EMPTY_SET, profile.skip)) {
      // Inputs and CRM links inside an excluded region are still handled (the edit form's inputs
      // are excluded from text reading, not from getting a control).
      yield* this.linkInputsAndLinks(element);
      return;
    }
    yield* this.linkInputsAndLinks(element);
    const field = profile.fieldOf(element);
    if (field) {
      if (field.kind === 'phone') yield* this.linkField(field);
      return;
    }
    // The adapter's phone fields are read in the same walk as the free text (one walk of the
    // page instead of one more per field), as runs of their own.
    const fields = new Map<Element, FieldMatch>();
    // Steps of FIELDS_PER_STEP fields; an adapter's lazy queries (see ScanProfile.fields) end
    // the step they ran in with a null.
    let count = 0;
    for (const found of profile.fields(element)) {
      if (found) fields.set(found.element, found);
      if (!found || ++count % FIELDS_PER_STEP === 0) yield;
    }
    // The last query ran in the loop's final call: the walk starts in a step of its own.
    yield;
    // Regions the adapter skips (dates, amounts, hidden templates) are looked up only where the
    // walk found a run that could hold a number: one closest() per text of such a run. Querying
    // them up front took one document-wide querySelectorAll per skip selector, each a long step
    // on a 300,000-element page (127 ms of the bench's first scan), and 10 queries per added row.
    const skipped = (el: Element) => profile.skip !== '' && el.closest(profile.skip) !== null;
    const reject = (el: Element, tag: string) => this.takeOverIfCallLink(el, tag, skipped);
    count = 0;
    for (const run of textRuns(element, reject, fields)) {
      if (run?.field) {
        // Faxes are fields too: never called, and their digits are not free text either.
        if (fields.get(run.field)?.kind === 'phone') this.linkRun(run, 'phone', 'field', run.field);
      } else if (run) {
        for (const part of withoutSkipped(run, skipped))
          this.linkRun(part, this.labelFor(part), 'text');
      }
      // textRuns() yields null every few hundred texts it walked: a step however few runs.
      if (!run || ++count % RUNS_PER_STEP === 0) yield;
    }
  }

  private *linkInputsAndLinks(root: Element): Generator<void, void, undefined> {
    const { profile } = this.opts;
    // tel:/callto:/sip: links inside `root` are met by the text walk (takeOverIfCallLink):
    // a document-wide query for case-insensitive href prefixes has no fast path and would be
    // one long step on a big page.
    if (root.matches(CALL_LINKS)) this.takeOver(root);
    for (const link of profile.phoneLinks(root)) this.takeOver(link);
    yield;
    for (const input of profile.phoneInputs(root)) this.attachInput(input);
    yield;
  }

  /**
   * For the text walk: takes over a call link and keeps its text from being read again. A call
   * link inside a skipped region (`skipped`) is neither read nor taken over.
   */
  private takeOverIfCallLink(
    el: Element,
    tag: string,
    skipped?: (el: Element) => boolean,
  ): boolean {
    // Asked for every element of the walk: the WeakMap only once some link has been taken over.
    if (this.anchors > 0 && this.byAnchor.has(el)) return true;
    if (tag !== 'A') return false;
    const href = el.getAttribute('href');
    if (!href || !CALL_SCHEME.test(href)) return false;
    if (!skipped?.(el)) this.takeOver(el);
    return true;
  }

  private *linkField(field: FieldMatch): Generator<void, void, undefined> {
    // A CRM link inside the field (vTiger's PBX links) has its own control already.
    for (const run of textRuns(field.element, (el, tag) => this.takeOverIfCallLink(el, tag))) {
      if (run) this.linkRun(run, 'phone', 'field', field.element);
      yield;
    }
  }

  private labelFor(run: TextRun): string | undefined {
    const { profile } = this.opts;
    const parent = run.nodes[0]?.parentElement;
    return parent && profile.labelFor ? profile.labelFor(parent) : undefined;
  }

  private linkRun(
    run: TextRun,
    label: string | undefined,
    source: 'text' | 'field',
    field?: Element,
  ): void {
    const options =
      label === undefined
        ? { defaultCountry: this.opts.country() }
        : { defaultCountry: this.opts.country(), label };
    const matches = findPhoneNumbersInTextRuns(run.texts, options);
    for (const match of matches) {
      // Faxes are recognised (so free text does not link them either) but never called.
      if (match.kind === 'fax') continue;
      const first = run.nodes[match.start.run];
      const last = run.nodes[match.end.run];
      if (!first || !last) continue;
      if (this.isLinked(first, match.start.offset) || this.isLinked(last, match.end.offset - 1))
        continue;
      const texts = run.nodes.slice(match.start.run, match.end.run + 1);
      const target: LinkTarget = { number: match.number, source };
      if (match.ext !== undefined) target.ext = match.ext;
      const record: LinkRecord = {
        target,
        // One watched element per row, not per cell: fewer targets for the browser to track.
        watch:
          last.parentElement?.closest('tr, li') ?? last.parentElement ?? this.doc.documentElement,
        after: last,
        needsMeasure: hasTextFrom(run.texts, match.end.run, match.end.offset, false),
        // Text right after the number on the same line (`+7 903 … (Сергей)`): the control would
        // cover it, so it shows only while the pointer is on the number or the control has focus.
        crowded: hasTextFrom(run.texts, match.end.run, match.end.offset, true),
        texts,
        startOffset: match.start.offset,
        endOffset: match.end.offset,
      };
      this.register(record);
      this.reportContact(match.number, field ?? last.parentElement);
    }
  }

  private isLinked(text: Text, offset: number): boolean {
    return this.byText.get(text)?.some((r) => coversOffset(r, text, offset)) ?? false;
  }

  /** Controls for the records whose element came near the viewport. */
  private onVisible(entries: IntersectionObserverEntry[]): void {
    if (this.opts.signal.aborted) return;
    const cameNear: LinkRecord[] = [];
    const wentAway: LinkRecord[] = [];
    for (const entry of entries) {
      const floating = this.floatingByWatch.get(entry.target);
      if (floating) {
        // Floating controls are measured only while near the viewport: after a scroll through
        // a 5,000-row list thousands exist, and re-placing them all on every scroll frame
        // would cost more than the table's own layout that floating spares.
        for (const record of floating) {
          if (entry.isIntersecting) {
            if (!this.near.has(record)) cameNear.push(record);
            this.near.add(record);
          } else {
            this.near.delete(record);
            wentAway.push(record);
          }
        }
      }
      if (!entry.isIntersecting) continue;
      const records = this.waiting.get(entry.target);
      this.waiting.delete(entry.target);
      if (!floating) this.io?.unobserve(entry.target);
      if (records) this.toPlace.push(...records);
    }
    // Placed now, on the layout this callback runs after: in the frame that shows them. New
    // controls and those whose row came near again are measured in one pass of reads, before
    // anything is written (placing the second group after inserting the first forced a style
    // and layout pass of the layer in the middle of the callback).
    this.flush(!this.changedSinceFrame, cameNear);
    // Hidden only after those reads, for the same reason: hiding them first forced a layout of
    // the whole page into this callback at every scroll step (7-8 ms on the bench's list, with
    // 2 objects dirty), on top of the frame's own.
    for (const record of wentAway) record.control?.host.setAttribute('data-clipped', '');
  }

  /** Waits for the record's element to come near the viewport (or places it at once). */
  private defer(record: LinkRecord): void {
    if (!this.io) {
      this.toPlace.push(record);
      return;
    }
    const list = this.waiting.get(record.watch);
    if (list) list.push(record);
    else {
      this.waiting.set(record.watch, [record]);
      this.toObserve.push(record.watch);
    }
  }

  /**
   * Starts watching the elements found by a scan, all at once at its end: observing thousands of
   * targets one by one while scanning makes the browser recompute intersections every frame.
   */
  private *observeNew(): Generator<void, void, undefined> {
    const elements = this.toObserve;
    this.toObserve = [];
    let n = 0;
    for (const element of elements) {
      if (this.waiting.has(element)) this.io?.observe(element);
      if (++n % 500 === 0) yield;
    }
  }

  /**
   * Puts the batch's controls into the page: first every style read (is the parent a flex or
   * grid box, where an inline control would become a flex item?), then every insertion, so the
   * browser computes styles once per batch and not once per number.
   *
   * @param laidOut the page's layout is clean (an IntersectionObserver callback, after a frame).
   * @param cameNear floating controls already made whose row came near the viewport again: they
   *   are measured with the batch's (laidOut only).
   */
  private flush(laidOut = false, cameNear: readonly LinkRecord[] = []): void {
    const batch = this.toPlace.filter((r) => this.records.has(r) && !r.control);
    this.toPlace = [];
    if (batch.length === 0 && cameNear.length === 0) return;
    const view = this.doc.defaultView;
    const floated: LinkRecord[] = [];
    const big = new Map<Element, boolean>();
    const tables = batch.map((record) =>
      record.target.source === 'input'
        ? undefined
        : bigTable(record.target.source === 'link' ? record.anchor : record.after, big),
    );
    const outOfFlow = batch.map((record, i) => {
      const parent = record.after?.parentElement;
      if (!parent || !view || tables[i]) return false;
      const display = view.getComputedStyle(parent).display;
      return display.includes('flex') || display.includes('grid');
    });
    let measure = false;
    batch.forEach((record, i) => {
      const table = tables[i];
      if (table) {
        if (laidOut) {
          this.makeFloating(record, table);
          floated.push(record);
        } else {
          // The page has changed since its last frame (this may run inside its task): reading
          // positions now would force its layout into this task. The control is made and placed
          // in the next frame's measuring pass instead, on the layout that frame computes anyway
          // (still before it paints). Making 278 controls here was 5-7 ms of the page's task
          // when the bench prepends 100 rows to its 5,000-row list.
          this.toFloat.push({ record, table });
          measure = true;
        }
        return;
      }
      this.highlightRecord(record);
      const control = createControl(this.doc, this.opts.label(record.target.number));
      record.control = control;
      this.byHost.set(control.host, record);
      if (record.target.source === 'input') {
        control.host.dataset.placement = 'measured';
        control.host.hidden = !record.target.number;
        record.anchor?.after(control.host);
        this.measuredRecords.add(record);
        measure = true;
        return;
      }
      markCrowded(record, control);
      if (record.target.source === 'link') {
        record.anchor?.after(control.host);
        return;
      }
      const after = record.after;
      if (!after?.isConnected) return;
      let ref: Node = after;
      while (ref.nextSibling && isControl(ref.nextSibling)) ref = ref.nextSibling;
      if (record.needsMeasure || outOfFlow[i]) {
        control.host.dataset.placement = 'measured';
        record.measured = 'after';
        this.measuredRecords.add(record);
        measure = true;
      }
      ref.parentNode?.insertBefore(control.host, ref.nextSibling);
    });
    if (laidOut && (floated.length > 0 || cameNear.length > 0)) {
      this.placeFloated(floated, cameNear);
    } else if (cameNear.length > 0) {
      // Measured in the next frame, for the same reason as the new ones above.
      measure = true;
    }
    if (measure) this.queueMeasure();
  }

  /** Makes the control of a number in a big table: a floating one (see float). */
  private makeFloating(record: LinkRecord, table: Element): void {
    const control = createControl(this.doc, this.opts.label(record.target.number));
    record.control = control;
    this.byHost.set(control.host, record);
    markCrowded(record, control);
    this.float(record, table);
  }

  /**
   * Places new floating controls (`inserted`) and ones already in the layer whose row came near
   * the viewport again (`moved`), and only then puts the new ones into the layer: all reads
   * first, on a layout that is clean when this runs from the IntersectionObserver's callback
   * (just after a frame), then the writes, then one insertion. Measuring them in the next
   * animation frame instead cost a second layout in that frame (the layer's, dirtied by the
   * insertion).
   */
  private placeFloated(inserted: readonly LinkRecord[], moved: readonly LinkRecord[]): void {
    const layer = this.ensureLayer();
    const origin = layer.getBoundingClientRect();
    const cache: PassCache = { clips: new Map(), pinned: new Map() };
    const read = (record: LinkRecord) => [record, ...this.readFloating(record, cache)] as const;
    const reads = [...inserted, ...moved].map(read);
    for (const [record, rect, clip] of reads)
      if (record.control) placeFloating(record.control, rect, clip, origin);
    this.appendToLayer(inserted);
  }

  /** Puts new floating controls into the layer, in one insertion. */
  private appendToLayer(records: readonly LinkRecord[]): void {
    if (records.length === 0) return;
    const fragment = this.doc.createDocumentFragment();
    for (const record of records) if (record.control) fragment.append(record.control.host);
    this.ensureLayer().append(fragment);
  }

  /** Makes the record's control a floating one; placeFloated() places it and puts it in. */
  private float(record: LinkRecord, table: Element): void {
    const control = record.control;
    if (!control) return;
    record.floating = true;
    record.measured = 'after';
    control.host.dataset.placement = 'measured';
    // A link is its own underline; a number in text gets one drawn in the layer.
    if (record.target.source !== 'link') addUnderline(control);
    // Hidden until placed (placeFloated), so it never shows at the layer's corner.
    control.host.setAttribute('data-clipped', '');
    this.measuredRecords.add(record);
    this.near.add(record);
    if (this.io) {
      // Kept watched: the control is measured only while its row is near the viewport.
      let floating = this.floatingByWatch.get(record.watch);
      if (!floating) {
        floating = new Set();
        this.floatingByWatch.set(record.watch, floating);
        this.io.observe(record.watch);
      }
      floating.add(record);
    }
    if (!this.resizeWatched.has(table)) {
      this.resizeWatched.add(table);
      const view = this.doc.defaultView as (Window & typeof globalThis) | null;
      if (!this.resizeObserver && view && typeof view.ResizeObserver === 'function')
        this.resizeObserver = new view.ResizeObserver(() => this.queueMeasure());
      this.resizeObserver?.observe(table);
    }
  }

  private ensureLayer(): HTMLElement {
    this.layer = installLayer(this.doc);
    return this.layer;
  }

  private register(record: LinkRecord): void {
    this.records.add(record);
    if (record.anchor) {
      this.byAnchor.set(record.anchor, record);
      this.anchors++;
    }
    for (const text of record.texts) {
      const list = this.byText.get(text);
      if (list) list.push(record);
      else this.byText.set(text, [record]);
    }
    if (this.found) this.found.push(record);
    else this.defer(record);
  }

  /**
   * Highlights are added with the controls, near the viewport only: Chrome re-validates every
   * range of a highlight after each DOM change, so thousands of ranges would make every later
   * change of the page slow (measured: ~10 µs per range per changed frame).
   */
  private highlightRecord(record: LinkRecord): void {
    const first = record.texts[0];
    const last = record.texts[record.texts.length - 1];
    if (!first || !last || record.range) return;
    // Registered with the first range, not at start: registering a highlight makes Chrome
    // repaint the whole document (~40 ms on the bench's 5,000-row list, whose numbers all float
    // with underlines of their own and never need it).
    if (!this.highlightTried) {
      this.highlightTried = true;
      this.installHighlight();
    }
    if (!this.highlight) return;
    if (!first.isConnected || !last.isConnected) return;
    record.range = makeRange(this.doc, first, record.startOffset, last, record.endOffset);
    this.highlight.add(record.range);
  }

  private unregister(record: LinkRecord): void {
    this.records.delete(record);
    this.measuredRecords.delete(record);
    this.near.delete(record);
    this.pinned.delete(record);
    const floating = this.floatingByWatch.get(record.watch);
    if (floating?.delete(record) && floating.size === 0) {
      this.floatingByWatch.delete(record.watch);
      if (!this.waiting.has(record.watch)) this.io?.unobserve(record.watch);
    }
    record.control?.host.remove();
    const waiting = this.waiting.get(record.watch);
    if (waiting) {
      const rest = waiting.filter((r) => r !== record);
      if (rest.length > 0) this.waiting.set(record.watch, rest);
      else {
        this.waiting.delete(record.watch);
        this.io?.unobserve(record.watch);
      }
    }
    if (record.range) this.highlight?.delete(record.range);
    if (record.anchor && this.byAnchor.get(record.anchor) === record)
      this.byAnchor.delete(record.anchor);
    for (const text of record.texts) {
      const list = this.byText.get(text);
      if (!list) continue;
      const rest = list.filter((r) => r !== record);
      if (rest.length > 0) this.byText.set(text, rest);
      else this.byText.delete(text);
    }
  }

  private unlinkText(text: Text): void {
    for (const record of this.byText.get(text) ?? []) this.unregister(record);
  }

  /** Drops the links whose text or control the page removed (a re-rendered list, a new tab). */
  private queueSweep(): void {
    if (this.sweepQueued) return;
    this.sweepQueued = true;
    this.opts.scheduler.add(this.sweep());
  }

  private *sweep(): Generator<void, void, undefined> {
    this.sweepQueued = false;
    let n = 0;
    for (const record of [...this.records]) {
      const anchorGone = record.anchor !== undefined && !record.anchor.isConnected;
      const textGone = record.texts.some((t) => !t.isConnected);
      if (anchorGone || textGone) this.unregister(record);
      else if (record.control && !record.control.host.isConnected) {
        // The page removed our control but kept the number: put a new one in later.
        this.unregister(record);
        const parent = record.anchor ?? record.texts[0];
        if (parent) this.scan(parent);
      }
      if (++n % 512 === 0) yield;
    }
  }

  // ---- inputs and taken-over links ------------------------------------------------------

  private attachInput(input: HTMLInputElement): void {
    const known = this.byAnchor.get(input);
    if (known && (!known.control || known.control.host.isConnected)) return;
    if (known) this.unregister(known);
    const target: LinkTarget = { number: '', source: 'input' };
    const record: LinkRecord = {
      target,
      watch: input,
      texts: [],
      startOffset: 0,
      endOffset: 0,
      anchor: input,
      measured: 'inside-end',
    };
    const update = () => {
      const found = this.readInput(input);
      target.number = found?.number ?? '';
      if (found?.ext !== undefined) target.ext = found.ext;
      else delete target.ext;
      const control = record.control;
      if (!control) return;
      control.host.hidden = !found;
      const label = this.opts.label(target.number);
      control.button.setAttribute('aria-label', label);
      control.button.title = label;
    };
    update();
    const { signal } = this.opts;
    for (const type of ['input', 'change', 'blur'])
      input.addEventListener(type, update, { signal, passive: true });
    this.register(record);
  }

  private readInput(input: HTMLInputElement): { number: string; ext?: string } | undefined {
    const value = input.value;
    if (!value.trim()) return undefined;
    return findPhoneNumbers(value, { defaultCountry: this.opts.country(), label: 'phone' })[0];
  }

  private takeOver(link: Element): void {
    const known = this.byAnchor.get(link);
    if (known && (!known.control || known.control.host.isConnected)) return;
    if (known) this.unregister(known);
    const number = this.linkNumber(link);
    if (!number) return;
    const target: LinkTarget = { number: number.number, source: 'link' };
    if (number.ext !== undefined) target.ext = number.ext;
    const record: LinkRecord = {
      target,
      watch: link,
      texts: [],
      startOffset: 0,
      endOffset: 0,
      anchor: link,
    };
    this.register(record);
    this.reportContact(number.number, link);
  }

  /** The E.164 number a call link or CRM phone link stands for; sip:1001@pbx is left alone. */
  private linkNumber(link: Element): { number: string; ext?: string } | undefined {
    const raw = this.opts.profile.linkValue(link) ?? link.getAttribute('href') ?? '';
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // Keep the raw text: a stray % is not worth failing over.
    }
    // `sip:+74951234567@pbx;user=phone`: the user part is the number (sip:1001@pbx is not one).
    const sip = /^sips?:([^@;?]+)@/i.exec(decoded.trim());
    if (sip?.[1]) decoded = sip[1];
    const dial = normalizeDialInput(decoded, this.opts.country());
    if (!dial.ok || !/^\+[1-9]\d{6,14}$/.test(dial.target)) return undefined;
    return dial.ext === undefined
      ? { number: dial.target }
      : { number: dial.target, ext: dial.ext };
  }

  // ---- events ---------------------------------------------------------------------------

  private listen(): void {
    const { signal } = this.opts;
    const view = this.doc.defaultView;
    if (!view) return;
    const shield = (event: Event) => {
      if (this.recordOfHost(event.target)) event.stopImmediatePropagation();
    };
    // Passive: stopping propagation needs no preventDefault(), and a non-passive touch listener
    // on the window would make the browser wait for the page's main thread before every touch
    // scroll.
    for (const type of SHIELDED)
      view.addEventListener(type, shield, { capture: true, passive: true, signal });
    view.addEventListener(
      'keydown',
      (event) => {
        if ((event.key === 'Enter' || event.key === ' ') && this.recordOfHost(event.target))
          event.stopImmediatePropagation();
      },
      { capture: true, signal },
    );
    view.addEventListener('click', (event) => this.onClick(event), { capture: true, signal });
    view.addEventListener(
      'resize',
      () => {
        this.boxes = new WeakMap();
        this.queueMeasure();
      },
      { passive: true, signal },
    );
    // A scrolling container (a list in its own scroll box) moves its numbers but not the layer;
    // a transition or animation that ends (a panel sliding open) may have moved them too. A
    // scroll of the document itself moves the layer with the numbers, except those in a fixed or
    // sticky box: measuring every control near the viewport on each such scroll event was a
    // 14-30 ms animation frame callback per frame of scrolling on the bench's 5,000-row list.
    // They are measured once the scroll has ended and the page is idle instead, which still
    // catches numbers that a style change alone moved (the linker sees no DOM change for those).
    for (const type of ['scroll', 'scrollend', 'transitionend', 'animationend'])
      view.addEventListener(
        type,
        (event) => {
          if (this.measuredRecords.size === 0) return;
          const page = event.target === this.doc;
          if (type === 'scroll' && page && this.pinned.size === 0) return;
          this.queueMeasure(type === 'scrollend' && page ? 'idle' : 'frame');
        },
        { passive: true, capture: true, signal },
      );
    view.addEventListener('mousemove', (event) => this.onPointerMove(event), {
      passive: true,
      capture: true,
      signal,
    });
  }

  private revealed: HTMLElement | undefined;
  private pointerQueued = false;
  private lastPointer: { x: number; y: number; target: EventTarget | null } = {
    x: 0,
    y: 0,
    target: null,
  };

  /** Shows a crowded control while the pointer is on its number (or on the control itself). */
  private onPointerMove(event: MouseEvent): void {
    this.lastPointer = { x: event.clientX, y: event.clientY, target: event.target };
    if (this.pointerQueued) return;
    this.pointerQueued = true;
    const view = this.doc.defaultView;
    const run = () => {
      this.pointerQueued = false;
      if (this.opts.signal.aborted) return;
      const { x, y, target } = this.lastPointer;
      let host = this.recordOfHost(target)?.control?.host;
      if (!host) {
        const caret = caretAt(this.doc, x, y);
        if (caret?.node.nodeType === Node.TEXT_NODE) {
          const text = caret.node as Text;
          host = this.byText.get(text)?.find((r) => coversOffset(r, text, caret.offset))
            ?.control?.host;
        }
      }
      if (host === this.revealed) return;
      if (this.revealed) delete this.revealed.dataset.reveal;
      this.revealed = host && host.hasAttribute('data-crowded') ? host : undefined;
      if (this.revealed) this.revealed.dataset.reveal = '';
    };
    if (view?.requestAnimationFrame) view.requestAnimationFrame(run);
    else run();
  }

  private recordOfHost(target: EventTarget | null): LinkRecord | undefined {
    return target && (target as Node).nodeType === Node.ELEMENT_NODE
      ? this.byHost.get(target as Element)
      : undefined;
  }

  private onClick(event: MouseEvent): void {
    const own = this.recordOfHost(event.target);
    if (own) {
      // The click never reaches the page: a vTiger list row would open the record.
      event.stopImmediatePropagation();
      event.preventDefault();
      // Only a person's click counts. A page script can call host.click() or dispatch events,
      // but those are untrusted and place no call.
      if (event.isTrusted && event.button === 0) this.activate(own);
      return;
    }
    if (
      !event.isTrusted ||
      event.button !== 0 ||
      event.ctrlKey ||
      event.metaKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const link = this.linkRecordAt(event.target);
    if (!link) return;
    // A taken-over link: instead of the OS handler (tel:) or the CRM's own PBX call (vTiger's
    // onclick), the call goes through Callbridge.
    event.preventDefault();
    event.stopImmediatePropagation();
    this.activate(link);
  }

  private linkRecordAt(target: EventTarget | null): LinkRecord | undefined {
    if (!target || (target as Node).nodeType === undefined) return undefined;
    let el: Element | null =
      (target as Node).nodeType === Node.ELEMENT_NODE
        ? (target as Element)
        : (target as Node).parentElement;
    for (; el; el = el.parentElement) {
      const record = this.byAnchor.get(el);
      if (record?.target.source === 'link') return record;
    }
    return undefined;
  }

  private activate(record: LinkRecord): void {
    if (record.target.source === 'input' && record.anchor) {
      const found = this.readInput(record.anchor as HTMLInputElement);
      if (!found) return;
      record.target.number = found.number;
      if (found.ext !== undefined) record.target.ext = found.ext;
      else delete record.target.ext;
    }
    const button = record.control?.button;
    const feedback: Feedback = (state, message) => {
      if (!button) return;
      button.dataset.state = state;
      if (message) button.title = message;
      if (state !== 'busy') {
        setTimeout(() => {
          if (button.dataset.state === state) delete button.dataset.state;
          button.title = button.getAttribute('aria-label') ?? '';
        }, 4000);
      }
    };
    this.opts.onActivate({ ...record.target }, feedback);
  }

  /**
   * The number under a context-menu click: our control, a taken-over link, a phone input, or
   * highlighted text (hit-tested through the caret position under the pointer).
   */
  targetAt(event: MouseEvent): LinkTarget | undefined {
    const own = this.recordOfHost(event.target) ?? this.linkRecordAt(event.target);
    if (own) return own.target.number ? { ...own.target } : undefined;
    const input = event.target && this.byAnchor.get(event.target as Element);
    if (input?.target.number) return { ...input.target };
    const caret = caretAt(this.doc, event.clientX, event.clientY);
    if (!caret || caret.node.nodeType !== Node.TEXT_NODE) return undefined;
    const record = this.byText
      .get(caret.node as Text)
      ?.find((r) => coversOffset(r, caret.node as Text, caret.offset));
    return record ? { ...record.target } : undefined;
  }

  // ---- measuring, highlight, cleanup ----------------------------------------------------

  /** See changedSinceFrame: set now, cleared when the next frame begins. */
  private noteChange(): void {
    if (this.changedSinceFrame) return;
    this.changedSinceFrame = true;
    const view = this.doc.defaultView;
    const clear = () => (this.changedSinceFrame = false);
    if (view?.requestAnimationFrame) view.requestAnimationFrame(clear);
    else setTimeout(clear, 0);
  }

  /**
   * Measures the controls placed by measurement in the next frame, or (`idle`) when the page is
   * idle: for a correction that need not hold up a frame (see the scrollend listener).
   */
  private queueMeasure(when: 'frame' | 'idle' = 'frame'): void {
    if (this.measureQueued) return;
    if (when === 'idle') {
      if (this.idleMeasureQueued) return;
      this.idleMeasureQueued = true;
      this.idle(() => {
        this.idleMeasureQueued = false;
        if (!this.measureQueued && !this.opts.signal.aborted) this.measure();
      });
      return;
    }
    this.measureQueued = true;
    const view = this.doc.defaultView;
    const run = () => {
      this.measureQueued = false;
      if (!this.opts.signal.aborted) this.measure();
    };
    if (view?.requestAnimationFrame) view.requestAnimationFrame(run);
    else setTimeout(run, 0);
  }

  private measure(): void {
    // The floating controls of what the page added since its last frame (see flush): made now
    // and measured with the rest, then put into the layer.
    const made: LinkRecord[] = [];
    for (const { record, table } of this.toFloat) {
      if (!this.records.has(record) || record.control) continue;
      // Removed again meanwhile: the sweep drops the record.
      if (!record.texts.every((text) => text.isConnected) || record.anchor?.isConnected === false)
        continue;
      this.makeFloating(record, table);
      made.push(record);
    }
    this.toFloat = [];
    // Reads first, then writes: one layout for all controls.
    const reads: Array<[LinkRecord, DOMRect | undefined, DOMRect | null]> = [];
    const clips: PassCache = { clips: new Map(), pinned: new Map() };
    const layer = made.length > 0 ? this.ensureLayer() : this.layer;
    const origin = layer?.isConnected ? layer.getBoundingClientRect() : undefined;
    for (const record of this.measuredRecords) {
      if (!record.control?.host.isConnected) continue;
      if (record.floating && !this.near.has(record)) continue;
      if (record.floating) reads.push([record, ...this.readFloating(record, clips)]);
      else {
        const rect = this.targetRect(record);
        if (rect) reads.push([record, rect, null]);
      }
    }
    for (const record of made) reads.push([record, ...this.readFloating(record, clips)]);
    for (const [record, rect, clip] of reads) {
      if (!record.control) continue;
      if (record.floating) {
        if (origin) placeFloating(record.control, rect, clip, origin);
      } else if (rect) placeMeasured(record.control, rect, record.measured ?? 'after');
    }
    this.appendToLayer(made);
  }

  /**
   * What placing a floating control reads: its number's box and what clips it. It also notes
   * whether the number is in a fixed or sticky box (see LinkRecord.pinned).
   */
  private readFloating(
    record: LinkRecord,
    cache: PassCache,
  ): [DOMRect | undefined, DOMRect | null] {
    const near = record.anchor ?? record.texts[record.texts.length - 1]?.parentElement;
    if (!near) return [this.numberRect(record), null];
    record.pinned = pinnedOf(near, cache.pinned, this.boxes);
    if (record.pinned) this.pinned.add(record);
    else this.pinned.delete(record);
    return [this.numberRect(record), clipOf(near, cache.clips, this.boxes)];
  }

  /** The box of the number's last line (a link's own box). */
  private numberRect(record: LinkRecord): DOMRect | undefined {
    if (record.anchor) return record.anchor.getBoundingClientRect();
    const first = record.texts[0];
    const last = record.texts[record.texts.length - 1];
    if (!first || !last) return undefined;
    return this.rangeRect(
      first,
      Math.min(record.startOffset, first.length),
      last,
      record.endOffset,
    );
  }

  /** Where a measured control goes: the box of the number's last character (a link's own box). */
  private targetRect(record: LinkRecord): DOMRect | undefined {
    if (record.anchor) return record.anchor.getBoundingClientRect();
    const last = record.texts[record.texts.length - 1];
    if (!last) return undefined;
    return this.rangeRect(last, Math.max(0, record.endOffset - 1), last, record.endOffset);
  }

  /** The last line box of a stretch of text (its end clamped to the text as it is now). */
  private rangeRect(
    start: Text,
    startOffset: number,
    end: Text,
    endOffset: number,
  ): DOMRect | undefined {
    const range = this.doc.createRange();
    try {
      range.setStart(start, startOffset);
      range.setEnd(end, Math.min(endOffset, end.length));
      const rects = range.getClientRects();
      return rects[rects.length - 1] ?? range.getBoundingClientRect();
    } catch {
      return undefined;
    } finally {
      range.detach();
    }
  }

  private installHighlight(): void {
    const view = this.doc.defaultView as (Window & typeof globalThis) | null;
    const registry = view?.CSS?.highlights;
    const HighlightCtor = view?.Highlight;
    if (!registry || typeof HighlightCtor !== 'function') return; // Styled by the control alone.
    try {
      this.highlight = new HighlightCtor();
      registry.set(HIGHLIGHT_NAME, this.highlight);
    } catch {
      this.highlight = undefined;
      return;
    }
    installHighlightStyle(this.doc);
  }

  private reportContact(number: string, near: Element | null): void {
    const { onContact, profile } = this.opts;
    if (!onContact || !profile.contactFor || !near) return;
    this.contactQueue.push({ number, near });
    if (this.contactsQueued) return;
    this.contactsQueued = true;
    this.idle((timeLeft) => this.readContacts(timeLeft));
  }

  /** Reads queued contacts while the idle period lasts; the rest waits for the next one. */
  private readContacts(timeLeft: () => number): void {
    this.contactsQueued = false;
    const { onContact, profile, signal } = this.opts;
    if (signal.aborted || !onContact || !profile.contactFor) return;
    // One read per row or card for all its numbers (a list row has three phone columns).
    const memo = new Map<Element, ContactHint | undefined>();
    let done = 0;
    // A few milliseconds at least, so a page that is never idle still gets its contacts read
    // (requestIdleCallback's timeout then calls with no time left).
    const start = performance.now();
    while (done < this.contactQueue.length) {
      const spent = performance.now() - start;
      if (spent >= CONTACT_MAX_MS || (timeLeft() <= 1 && spent >= CONTACT_MIN_MS)) break;
      const { number, near } = this.contactQueue[done]!;
      done++;
      // A number the page has removed since: its re-rendered copy is queued on its own.
      if (!near.isConnected) continue;
      const hint = profile.contactFor(near, memo);
      if (!hint || (!hint.name && !hint.recordUrl)) continue;
      const key = `${number}\u0000${hint.name ?? ''}\u0000${hint.recordUrl ?? ''}`;
      if (this.seenContacts.has(key)) continue;
      this.seenContacts.add(key);
      onContact({ number, ...hint });
    }
    this.contactQueue = this.contactQueue.slice(done);
    if (this.contactQueue.length === 0) return;
    this.contactsQueued = true;
    this.idle((left) => this.readContacts(left));
  }

  /** Removes every control, highlight and stylesheet: the page is as it was before start(). */
  private destroy(): void {
    this.toPlace = [];
    this.toFloat = [];
    this.contactQueue = [];
    this.toObserve = [];
    this.io?.disconnect();
    this.waiting.clear();
    for (const record of this.records) record.control?.host.remove();
    this.records.clear();
    this.measuredRecords.clear();
    this.near.clear();
    this.floatingByWatch.clear();
    this.resizeObserver?.disconnect();
    removeLayer(this.doc);
    this.layer = undefined;
    this.highlight?.clear();
    const registry = (this.doc.defaultView as (Window & typeof globalThis) | null)?.CSS?.highlights;
    if (this.highlight && registry?.get(HIGHLIGHT_NAME) === this.highlight)
      registry.delete(HIGHLIGHT_NAME);
    this.highlight = undefined;
    removeHighlightStyle(this.doc);
  }
}

/** Milliseconds of contact reading per idle callback at least, however little it was given. */
const CONTACT_MIN_MS = 4;
/**
 * …and at most, however much it was given. An idle period can be 50 ms long, but input that
 * arrives meanwhile (a scroll, a click) waits for the callback to end: reading for all of it made
 * 50-70 ms tasks while scrolling the bench's list just after it was scanned.
 */
const CONTACT_MAX_MS = 10;

/** requestIdleCallback where the page has it (Chrome, Firefox), else a timer. */
function whenIdle(doc: Document): (work: (timeLeft: () => number) => void) => void {
  const view = doc.defaultView;
  return (work) => {
    if (view && typeof view.requestIdleCallback === 'function') {
      // The timeout keeps the caller-ID cache filling on a page that is never idle.
      view.requestIdleCallback((deadline) => work(() => deadline.timeRemaining()), {
        timeout: 1_000,
      });
      return;
    }
    setTimeout(() => {
      const start = performance.now();
      work(() => 8 - (performance.now() - start));
    }, 50);
  };
}

const layers = new WeakMap<Document, HTMLElement>();

/**
 * Puts the (empty) layer of floating controls into the page, or back if the page removed it (a
 * script rewriting <html>'s children). The content script calls it at document_start, with the
 * highlight rule: adding the first positioned element to <html> after the page is laid out makes
 * the browser walk the whole page before painting (~40 ms on the bench's 5,000-row list).
 */
export function installLayer(doc: Document): HTMLElement {
  let layer = layers.get(doc);
  if (!layer) {
    layer = createLayer(doc);
    layers.set(doc, layer);
  }
  // Before the parser has made <html> there is nowhere to put it yet: the linker does at start.
  if (!layer.isConnected) doc.documentElement?.append(layer);
  return layer;
}

export function removeLayer(doc: Document): void {
  layers.get(doc)?.remove();
  layers.delete(doc);
}

const installedStyles = new WeakMap<Document, CSSStyleSheet | HTMLStyleElement>();

/**
 * Puts the `::highlight()` rule into the page. Adding a stylesheet makes the browser recompute
 * the style of the whole document (seconds on a 5,000-row list), so the content script calls
 * this at document_start, before the page's first style computation, where it costs nothing.
 * Idempotent; removeHighlightStyle() takes it out again.
 */
export function installHighlightStyle(doc: Document): void {
  if (installedStyles.has(doc)) return;
  try {
    const view = doc.defaultView as (Window & typeof globalThis) | null;
    const Sheet = view?.CSSStyleSheet ?? CSSStyleSheet;
    const sheet = new Sheet();
    sheet.replaceSync(HIGHLIGHT_CSS);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    installedStyles.set(doc, sheet);
  } catch {
    // Firefox content scripts cannot adopt sheets built in their own compartment.
    const style = doc.createElement('style');
    style.id = STYLE_ID;
    style.textContent = HIGHLIGHT_CSS;
    (doc.head ?? doc.documentElement).append(style);
    installedStyles.set(doc, style);
  }
}

export function removeHighlightStyle(doc: Document): void {
  const installed = installedStyles.get(doc);
  installedStyles.delete(doc);
  if (!installed) return;
  if ('remove' in installed) installed.remove();
  else doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== installed);
}

const EMPTY_SET: ReadonlySet<Element> = new Set();

/**
 * Whether visible text follows `node` on the same line: the next text in document order, before
 * any block boundary, is not blank (`<span>+7 916 …</span> <span>основной</span>`).
 */
function textFollows(node: Node): boolean {
  let current: Node | null = node;
  for (let steps = 0; current && steps < 32; steps++) {
    let next: Node | null = current.nextSibling;
    while (!next) {
      const parent: Node | null = current.parentNode;
      if (!parent || parent.nodeType !== Node.ELEMENT_NODE || !isInline(parent as Element))
        return false;
      current = parent;
      next = current.nextSibling;
    }
    if (next.nodeType === Node.TEXT_NODE) {
      if ((next as Text).data.trim() !== '') return true;
    } else if (next.nodeType === Node.ELEMENT_NODE) {
      const el = next as Element;
      if (!isControl(el)) {
        if (!isInline(el)) return false;
        const text = el.textContent ?? '';
        if (text.trim() !== '') return true;
      }
    }
    current = next;
  }
  return false;
}

/** Text right after the number on its line: the control would cover it (control.ts). */
function markCrowded(record: LinkRecord, control: Control): void {
  if (record.crowded || (record.after && textFollows(record.after)))
    control.host.dataset.crowded = '';
}

function coversOffset(record: LinkRecord, text: Text, offset: number): boolean {
  const index = record.texts.indexOf(text);
  if (index < 0) return false;
  const last = record.texts.length - 1;
  if (index === 0 && offset < record.startOffset) return false;
  if (index === last && offset >= record.endOffset) return false;
  return true;
}

function makeRange(
  doc: Document,
  start: Text,
  startOffset: number,
  end: Text,
  endOffset: number,
): AbstractRange {
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  // StaticRange costs nothing on later DOM mutations; a live Range is updated on every one.
  if (view && typeof view.StaticRange === 'function') {
    return new view.StaticRange({
      startContainer: start,
      startOffset,
      endContainer: end,
      endOffset,
    });
  }
  const range = doc.createRange();
  range.setStart(start, startOffset);
  range.setEnd(end, endOffset);
  return range;
}

/**
 * The big-enough table `node` sits in (any enclosing one, nested layout tables too); `known`
 * remembers the tables already counted in this batch.
 */
const NOT_SPACE = /\S/g;

/**
 * Whether anything but whitespace follows `offset` in `texts[index]` (or, `later`, in the texts
 * after it too). The same as trimming the rest and comparing with '' (`\s` is what trim()
 * removes), without building the rest: it is asked twice for each of a page's numbers.
 */
function hasTextFrom(
  texts: readonly string[],
  index: number,
  offset: number,
  later: boolean,
): boolean {
  const last = later ? texts.length - 1 : index;
  for (let i = index; i <= last; i++) {
    NOT_SPACE.lastIndex = i === index ? offset : 0;
    if (NOT_SPACE.test(texts[i] ?? '')) return true;
  }
  return false;
}

function bigTable(
  node: Node | undefined,
  known: Map<Element, boolean>,
): HTMLTableElement | undefined {
  let table = node?.parentElement?.closest('table');
  while (table) {
    let big = known.get(table);
    if (big === undefined) {
      // Asks for the 250th row, not for the count: `rows.length` walks every row of the table
      // (~1 ms on the bench's 5,000-row list, once per batch of added rows).
      big = table.rows[BIG_TABLE_ROWS - 1] !== undefined;
      known.set(table, big);
    }
    if (big) return table;
    table = table.parentElement?.closest('table');
  }
  return undefined;
}

/** What placing reads of an element's computed style, once per element (see PhoneLinker.boxes). */
interface BoxStyle {
  /** It clips its overflow (a scroll box, an ellipsis cell). */
  clips: boolean;
  /** It is `position: fixed` or `sticky`: it does not scroll with the document. */
  pinned: boolean;
}

/** One measuring pass's memo: the numbers of one list share their ancestors. */
interface PassCache {
  clips: Map<Element, DOMRect | null>;
  pinned: Map<Element, boolean>;
}

/**
 * An element's BoxStyle, kept across passes in `boxes`: reading styles is the costly part, and a
 * resize (which can switch media queries) starts it afresh.
 */
function boxOf(element: Element, boxes: WeakMap<Element, BoxStyle>): BoxStyle {
  let box = boxes.get(element);
  if (box === undefined) {
    const style = element.ownerDocument.defaultView?.getComputedStyle(element);
    box = {
      clips:
        style !== undefined &&
        (CLIPPING.has(style.overflowX) ||
          CLIPPING.has(style.overflowY) ||
          CLIPPING.has(style.overflow)),
      pinned: style?.position === 'fixed' || style?.position === 'sticky',
    };
    boxes.set(element, box);
  }
  return box;
}

/** The element's parent, up to but not including <body> and <html>. */
function innerParent(element: Element): Element | null {
  const doc = element.ownerDocument;
  const parent = element.parentElement;
  return parent && parent !== doc.body && parent !== doc.documentElement ? parent : null;
}

/** Whether `element` or an ancestor (below <body>) is fixed or sticky. */
function pinnedOf(
  element: Element,
  cache: Map<Element, boolean>,
  boxes: WeakMap<Element, BoxStyle>,
): boolean {
  const known = cache.get(element);
  if (known !== undefined) return known;
  const parent = innerParent(element);
  const pinned = boxOf(element, boxes).pinned || (parent ? pinnedOf(parent, cache, boxes) : false);
  cache.set(element, pinned);
  return pinned;
}

/**
 * The part of the viewport that `element`'s clipping ancestors (overflow other than visible: a
 * scroll box, an ellipsis cell) let through, or null when none clips it. Memoized per measuring
 * pass in `cache`.
 */
function clipOf(
  element: Element,
  cache: Map<Element, DOMRect | null>,
  boxes: WeakMap<Element, BoxStyle>,
): DOMRect | null {
  const known = cache.get(element);
  if (known !== undefined) return known;
  const parent = innerParent(element);
  const outer = parent ? clipOf(parent, cache, boxes) : null;
  let clip = outer;
  if (boxOf(element, boxes).clips) {
    const own = element.getBoundingClientRect();
    clip = outer ? intersect(own, outer) : own;
  }
  cache.set(element, clip);
  return clip;
}

/** Overflow values that cut off what overflows (all but `visible`). */
const CLIPPING = new Set(['hidden', 'clip', 'auto', 'scroll', 'overlay']);

function intersect(a: DOMRect, b: DOMRect): DOMRect {
  const left = Math.max(a.left, b.left);
  const top = Math.max(a.top, b.top);
  const right = Math.max(left, Math.min(a.right, b.right));
  const bottom = Math.max(top, Math.min(a.bottom, b.bottom));
  return new DOMRect(left, top, right - left, bottom - top);
}

function caretAt(doc: Document, x: number, y: number): { node: Node; offset: number } | undefined {
  const withPosition = doc as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  const position = withPosition.caretPositionFromPoint?.(x, y);
  if (position) return { node: position.offsetNode, offset: position.offset };
  const range = withPosition.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : undefined;
}

export type { Work };
