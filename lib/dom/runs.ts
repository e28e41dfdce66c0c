/**
 * Reading a subtree's text the way a person reads it: as runs of inline text. A run is the text
 * of consecutive text nodes that no block boundary separates, so a number split over inline
 * elements (`<span>+7 (495)</span><span> 123-45-67</span>`) is one run, while two table cells
 * are two. Deciding block vs inline by tag name instead of computed style keeps this free of
 * style recalculation; a CRM that makes a <span> a block is read as if it were inline, which at
 * worst joins two values that a separator (a line break, a comma) would split anyway.
 */
import { CONTROL_TAG, isControl, LAYER_TAG } from './control';

/** Elements whose content is never read: code, media, form controls, other documents. */
const NEVER_READ = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'TEXTAREA',
  'INPUT',
  'SELECT',
  'OPTION',
  'BUTTON',
  'SVG',
  'MATH',
  // Foreign elements keep their lowercase names.
  'svg',
  'math',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'HEAD',
  'TITLE',
]);

/** Inline elements: their text continues the run around them. Unknown custom elements too. */
const INLINE = new Set([
  'A',
  'ABBR',
  'B',
  'BDI',
  'BDO',
  'BIG',
  'CITE',
  'CODE',
  'DATA',
  'DFN',
  'EM',
  'FONT',
  'I',
  'INS',
  'DEL',
  'KBD',
  'LABEL',
  'MARK',
  'NOBR',
  'Q',
  'S',
  'SAMP',
  'SMALL',
  'SPAN',
  'STRIKE',
  'STRONG',
  'SUB',
  'SUP',
  'TIME',
  'TT',
  'U',
  'VAR',
]);

export function isInline(element: Element): boolean {
  // HTML elements' tagName is upper case already (no allocation per call).
  return isInlineTag(element.tagName);
}

/** isInline() for a tag name already read (the walk reads each element's once). */
function isInlineTag(tag: string): boolean {
  return INLINE.has(tag) || (tag.includes('-') && !OWN_TAGS.has(tag));
}

/** Our elements' tag names (control.ts), as tagName gives them (upper case in HTML documents). */
const OWN_TAGS: ReadonlySet<string> = new Set(
  [CONTROL_TAG, LAYER_TAG].flatMap((tag) => [tag, tag.toUpperCase()]),
);

/** Whether the element's content is never read (by tag or because the user can edit it). */
export function isNeverRead(element: Element): boolean {
  return NEVER_READ.has(element.tagName) || isEditable(element);
}

function isEditable(element: Element): boolean {
  const editable = element.getAttribute('contenteditable');
  return editable !== null && editable.toLowerCase() !== 'false';
}

/** Whether `node` sits inside something never read, or inside `skip`, or inside our control. */
export function isInsideExcluded(
  node: Node,
  skip: ReadonlySet<Element>,
  skipSelector: string,
): boolean {
  for (
    let el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
    el;
    el = el.parentElement
  ) {
    if (isNeverRead(el) || isControl(el) || skip.has(el)) return true;
  }
  // One closest() instead of a matches() per ancestor: the selector is matched in one call.
  const start = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  if (skipSelector && start?.closest(skipSelector)) return true;
  const doc = node.ownerDocument;
  return doc?.designMode === 'on';
}

/** The nearest ancestor (or self) that is not inline: the block whose text a run belongs to. */
export function blockOf(node: Node): Element | null {
  let el = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  while (el && isInline(el)) el = el.parentElement;
  return el;
}

export interface TextRun {
  nodes: Text[];
  texts: string[];
  /** The block element the run belongs to. */
  block: Element | null;
  /** The field element (see textRuns' `fields`) the run is inside, if any. */
  field?: Element;
}

const MIN_DIGITS = 7;

function digitCount(texts: readonly string[]): number {
  let digits = 0;
  for (const data of texts)
    for (let i = 0; i < data.length; i++) {
      const code = data.charCodeAt(i);
      if (code >= 48 && code <= 57) digits++;
    }
  return digits;
}

/**
 * The parts of `run` outside skipped elements (`skipped` is asked for each text's parent). A
 * skipped text ends the part before it, as an excluded element ends a run in textRuns(); parts
 * with fewer than seven digits are dropped. A run with nothing skipped comes back as it is.
 */
export function* withoutSkipped(
  run: TextRun,
  skipped: (element: Element) => boolean,
): Generator<TextRun, void, undefined> {
  let nodes: Text[] = [];
  let texts: string[] = [];
  let cut = false;
  let lastParent: Element | null = null;
  let lastSkipped = false;
  const part = (): TextRun | undefined => {
    const found =
      nodes.length > 0 && digitCount(texts) >= MIN_DIGITS
        ? { nodes, texts, block: run.block }
        : undefined;
    nodes = [];
    texts = [];
    return found;
  };
  for (let i = 0; i < run.nodes.length; i++) {
    const node = run.nodes[i]!;
    const parent = node.parentElement;
    // Neighbouring texts of one run often share their parent: ask once.
    if (parent !== lastParent) {
      lastParent = parent;
      lastSkipped = parent !== null && skipped(parent);
    }
    if (lastSkipped) {
      cut = true;
      const found = part();
      if (found) yield found;
      continue;
    }
    nodes.push(node);
    texts.push(run.texts[i]!);
  }
  if (!cut) {
    yield run;
    return;
  }
  const found = part();
  if (found) yield found;
}

/** A text's surroundings, as far as runs go: excluded, inside a field (that element), or plain. */
const EXCLUDED = 1;
type Context = Element | null | typeof EXCLUDED;

/**
 * Walks `root` and yields every run that has at least seven digits (fewer cannot hold a phone
 * number, so such runs are not even joined into a string). `reject` is asked for the elements
 * around the texts, with the tag name the walk has read: true leaves its subtree out (and ends
 * the current run, as any excluded element does). Texts inside one of `fields` (an adapter's
 * phone fields) make runs of their own, which carry that element as `field`. Yields `null` every few hundred texts so the scheduler can
 * cut a long walk into slices.
 *
 * Only the text nodes are visited from JavaScript: a TreeWalker that shows texts walks the
 * elements in C++ (3 ms for the bench list's 270,000 nodes, against 40 ms for a firstChild /
 * nextSibling walk, each step of which crosses into JavaScript). What a full walk saw on the
 * way is asked where it matters: a text's inline ancestors, its block (and the block's own
 * ancestors, once per block), and the elements between two texts of one block (a <br>, an
 * input) — only where something sits between them at all.
 */
export function* textRuns(
  root: Element,
  reject: (element: Element, tag: string) => boolean,
  fields?: { has(element: Element): boolean },
): Generator<TextRun | null, void, undefined> {
  let nodes: Text[] = [];
  let texts: string[] = [];
  let digits = 0;
  let block: Element | null = null;
  let field: Element | null = null;
  let excludedSinceLastText = false;
  let seen = 0;
  const rootBlock = isInline(root) ? blockOf(root) : root;
  // Asking every element for contenteditable costs more than one query for it (most pages
  // have no editable region at all); an element inside `root` can only be editable if this finds
  // one (whether `root` itself sits inside one is the caller's check, isInsideExcluded).
  const editables = root.querySelector('[contenteditable]') !== null;
  // That query visits every element of `root`: 6-9 ms on the bench's 5,000-row list, a step of
  // its own.
  yield null;
  const excludes = (el: Element, tag: string): boolean =>
    OWN_TAGS.has(tag) || NEVER_READ.has(tag) || (editables && isEditable(el)) || reject(el, tag);
  /** The context of block elements and their ancestors below `root`, each asked once. */
  const known = new Map<Element, Context>();
  const contextOf = (start: Element): Context => {
    const path: Element[] = [];
    let context: Context = null;
    for (let el: Element | null = start; el && el !== root; el = el.parentElement) {
      const found = known.get(el);
      if (found !== undefined) {
        context = found;
        break;
      }
      path.push(el);
      if (excludes(el, el.tagName)) {
        context = EXCLUDED;
        break;
      }
    }
    // Top down: the nearest field wins, and an excluded ancestor over everything.
    for (let i = path.length - 1; i >= 0; i--) {
      const el = path[i]!;
      if (context !== EXCLUDED && fields?.has(el)) context = el;
      known.set(el, context);
    }
    return context;
  };
  /** Whether an element that ends a run sits between two texts of one block. */
  const boundaryBetween = (prev: Text, next: Text): boolean => {
    if (next.previousSibling === prev) return false;
    // Both texts are in one block, so the way from one to the other leaves and enters inline
    // elements only; it is walked in full (rare: an icon, a <br>, an input between two texts).
    let node: Node | null = prev;
    let enter = false;
    while (node && node !== next) {
      if (enter && node.nodeType === 1) {
        const el = node as Element;
        const tag = el.tagName;
        if (!OWN_TAGS.has(tag)) {
          if (excludes(el, tag) || !isInlineTag(tag)) return true;
          if (el.firstChild) {
            node = el.firstChild;
            continue;
          }
        }
      }
      while (node && node !== root && !node.nextSibling) node = node.parentNode;
      node = node && node !== root ? node.nextSibling : null;
      enter = true;
    }
    return false;
  };

  const flush = (): TextRun | null => {
    if (digits < MIN_DIGITS) {
      // Most runs (names, dates, empty cells) are dropped: their arrays are reused, which keeps
      // the walk of a big page from feeding the garbage collector.
      nodes.length = 0;
      texts.length = 0;
      digits = 0;
      return null;
    }
    const run: TextRun = field ? { nodes, texts, block, field } : { nodes, texts, block };
    nodes = [];
    texts = [];
    digits = 0;
    return run;
  };

  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let lastParent: Node | null = null;
  let parentBlock: Element | null = null;
  let parentContext: Context = null;
  let text: Text | null;
  while ((text = walker.nextNode() as Text | null)) {
    if (++seen % 128 === 0) yield null;
    const parent = text.parentNode;
    if (parent !== lastParent) {
      lastParent = parent;
      // The text's inline ancestors, then its block (whose context holds its ancestors').
      let inField: Element | null = null;
      parentBlock = rootBlock;
      parentContext = null;
      for (let el = parent as Element | null; el && el !== root; el = el.parentElement) {
        const tag = el.tagName;
        if (!isInlineTag(tag)) {
          parentBlock = el;
          parentContext = contextOf(el);
          break;
        }
        if (excludes(el, tag)) {
          parentContext = EXCLUDED;
          break;
        }
        if (inField === null && fields?.has(el)) inField = el;
      }
      if (inField !== null && parentContext !== EXCLUDED) parentContext = inField;
    }
    if (parentContext === EXCLUDED) {
      // An excluded element between two texts (an input, a skipped region) ends the run.
      excludedSinceLastText = true;
      continue;
    }
    if (nodes.length > 0) {
      // Leaving or entering a block or a field, an excluded element or a <br> since the last
      // text: the run ends there.
      if (
        parentBlock !== block ||
        parentContext !== field ||
        excludedSinceLastText ||
        boundaryBetween(nodes[nodes.length - 1]!, text)
      ) {
        const run = flush();
        if (run) yield run;
      }
    }
    if (nodes.length === 0) {
      block = parentBlock;
      field = parentContext;
    }
    const data = text.data;
    nodes.push(text);
    texts.push(data);
    excludedSinceLastText = false;
    for (let i = 0; i < data.length; i++) {
      const code = data.charCodeAt(i);
      if (code >= 48 && code <= 57) digits++;
    }
  }
  const run = flush();
  if (run) yield run;
}
