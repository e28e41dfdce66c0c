/**
 * The call control: one tiny element inserted right after a number, `<callbridge-call>`.
 *
 * - Its light DOM is empty and its shadow root is closed, so the CRM element's textContent,
 *   innerText, copied text and form values stay exactly as they were, and page scripts cannot
 *   reach the button inside (nor click it: synthetic clicks on the host are ignored anyway).
 * - It takes no layout space: the host is an empty inline box (zero width, no line break
 *   opportunity, no extra line height) and the button hangs from it, absolutely positioned. Where
 *   the host cannot sit in the text flow (a flex or grid parent, or beside an <input>), it is
 *   taken out of the flow and the button is placed by measurement (see placeMeasured).
 * - The button is a real <button> with an accessible label, so it is focusable and Enter or
 *   Space press it — as trusted clicks, which is what the click handler requires.
 *
 * Content scripts cannot define custom elements in Chrome (`customElements` is null in isolated
 * worlds), and need not: attachShadow() works on any element with a valid custom-element name.
 */

export const CONTROL_TAG = 'callbridge-call';
/** The layer that holds the floating controls of big tables (see createLayer). */
export const LAYER_TAG = 'callbridge-layer';

const PHONE_ICON_PATH =
  'M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z';

// `!important` on :host because page rules that match the host (`span > *`, `* { margin }`)
// would otherwise win over the shadow root's own :host rules.
const CSS = `
:host {
  all: initial !important;
  display: inline !important;
  position: relative !important;
  width: 0 !important;
  height: 0 !important;
  margin: 0 !important;
  padding: 0 !important;
  border: 0 !important;
  float: none !important;
}
:host([data-placement="measured"]) {
  position: absolute !important;
}
:host([hidden]), :host([data-clipped]) { display: none !important; }
button {
  all: initial;
  position: absolute;
  /* The containing block is the empty inline host: its box is one line of text high. */
  left: 2px;
  top: calc(50% - 8px);
  box-sizing: border-box;
  width: 16px;
  height: 16px;
  padding: 2px;
  border-radius: 50%;
  background: #1a73e8;
  color: #fff;
  cursor: pointer;
  display: block;
  line-height: 0;
  opacity: 0.85;
  z-index: 1;
  user-select: none;
  -webkit-user-select: none;
}
:host([data-placement="measured"]) button { top: 0; left: 0; }
button:hover, button:focus-visible { opacity: 1; }
/* Text follows the number on the same line: the control would cover it, so it shows only while
   the pointer is on the number (data-reveal, set by the linker) or the control has focus. */
:host([data-crowded]:not([data-reveal]):not(:focus-within)) button { opacity: 0; pointer-events: none; }
button:focus-visible { outline: 2px solid #0b57d0; outline-offset: 1px; }
button[data-state="busy"] { background: #f29900; }
button[data-state="ok"] { background: #1e8e3e; }
button[data-state="error"] { background: #d93025; }
svg { width: 12px; height: 12px; fill: currentColor; pointer-events: none; }
/* A floating control's underline of its number (the highlight's look, drawn in the layer). */
.line {
  all: initial;
  position: absolute;
  height: 0;
  border-bottom: 1px dotted #1a73e8;
  pointer-events: none;
}
`;

let sharedSheet: CSSStyleSheet | null | undefined;

/** One constructed stylesheet for every control, where the browser allows it. */
function controlSheet(): CSSStyleSheet | null {
  if (sharedSheet !== undefined) return sharedSheet;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    sharedSheet = sheet;
  } catch {
    // Older engines, or a content-script world that cannot construct sheets: a <style> per root.
    sharedSheet = null;
  }
  return sharedSheet;
}

let template: HTMLButtonElement | undefined;

function buttonTemplate(doc: Document): HTMLButtonElement {
  if (template && template.ownerDocument === doc) return template;
  const button = doc.createElement('button');
  button.type = 'button';
  const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = doc.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', PHONE_ICON_PATH);
  svg.append(path);
  button.append(svg);
  template = button;
  return button;
}

export interface Control {
  host: HTMLElement;
  button: HTMLButtonElement;
  /** A floating control's underline of its number (see addUnderline). */
  line?: HTMLElement;
}

/** Creates a control (not yet in the page) labelled for `label`. */
export function createControl(doc: Document, label: string): Control {
  const host = doc.createElement(CONTROL_TAG);
  const root = host.attachShadow({ mode: 'closed' });
  const sheet = controlSheet();
  let adopted = false;
  if (sheet) {
    try {
      root.adoptedStyleSheets = [sheet];
      adopted = true;
    } catch {
      adopted = false;
    }
  }
  if (!adopted) {
    const style = doc.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
  const button = buttonTemplate(doc).cloneNode(true) as HTMLButtonElement;
  button.setAttribute('aria-label', label);
  button.title = label;
  root.append(button);
  roots.set(host, root);
  return { host, button };
}

/** The controls' closed shadow roots, for adding to them later (addUnderline). */
const roots = new WeakMap<Element, ShadowRoot>();

/**
 * Gives a floating control its own underline of the number. The CSS highlight that underlines
 * the other numbers would do, but every change to a highlight makes Chrome repaint the whole
 * document (~50 ms a frame on the bench's 5,000-row list): a line in the layer costs nothing.
 */
export function addUnderline(control: Control): void {
  const root = roots.get(control.host);
  if (!root || control.line) return;
  const line = control.host.ownerDocument.createElement('span');
  line.className = 'line';
  root.append(line);
  control.line = line;
}

/** Our own elements (a control, or the layer of floating controls): never read, never changes. */
export function isControl(node: Node): boolean {
  if (node.nodeType !== Node.ELEMENT_NODE) return false;
  const name = (node as Element).localName;
  return name === CONTROL_TAG || name === LAYER_TAG;
}

/**
 * The layer for floating controls: one empty, zero-size element after <body>, positioned at the
 * document's origin, so it scrolls with the document. Controls in it are placed by measurement
 * (placeFloating). The page's own content gets nothing inserted, so its layout is not touched:
 * that is the point for big tables, where any element added to a cell makes the browser lay the
 * whole table out again. `z-index: 1` keeps the CRM's menus and dialogs (z-index 1000 and more)
 * above the controls, as they are above the numbers.
 */
export function createLayer(doc: Document): HTMLElement {
  const layer = doc.createElement(LAYER_TAG);
  layer.setAttribute(
    'style',
    [
      'all: initial',
      'display: block',
      'position: absolute',
      'top: 0',
      'left: 0',
      'width: 0',
      'height: 0',
      'margin: 0',
      'padding: 0',
      'border: 0',
      'overflow: visible',
      'z-index: 1',
    ]
      .map((rule) => `${rule} !important`)
      .join('; '),
  );
  return layer;
}

/**
 * Takes the host out of the text flow and moves its button onto `target` (a rectangle in
 * viewport coordinates): the right end of a number inside a longer text, or the inner right
 * edge of an <input>. Call it in a read-then-write pass; it reads the host's own position.
 */
export function placeMeasured(
  control: Control,
  target: DOMRect,
  where: 'after' | 'inside-end',
): void {
  const hostRect = control.host.getBoundingClientRect();
  const size = 16;
  const left = where === 'after' ? target.right + 2 : target.right - size - 4;
  const top = target.top + (target.height - size) / 2;
  control.button.style.left = `${Math.round(left - hostRect.left)}px`;
  control.button.style.top = `${Math.round(top - hostRect.top)}px`;
}

/**
 * Places a floating control (its host sits at `origin`, the layer's corner) right after `target`,
 * its number's (last line's) box, and underlines it, within `clip`: the part of the page the number's scrolling or clipping
 * ancestors let through (null: nothing clips it). A number clipped away entirely, or not rendered
 * at all, hides its control; a number cut short (an ellipsis cell) gets it over its cut end.
 * Only changed values are written, so a pass that finds everything in place costs no layout.
 */
export function placeFloating(
  control: Control,
  target: DOMRect | undefined,
  clip: DOMRect | null,
  origin: DOMRect,
): void {
  const size = 16;
  const { host, button } = control;
  const visible =
    target !== undefined &&
    (target.width > 0 || target.height > 0) &&
    (!clip ||
      (target.right > clip.left &&
        target.left < clip.right &&
        target.bottom > clip.top &&
        target.top < clip.bottom));
  if (!visible || !target) {
    if (!host.hasAttribute('data-clipped')) host.setAttribute('data-clipped', '');
    return;
  }
  // Beside a number shown whole, even if that pokes out of its box (an ellipsis cell, a scroll
  // box's edge); over the cut end of one cut short.
  let left = target.right + 2;
  if (clip && target.right > clip.right) left = Math.max(clip.left, clip.right - size);
  const top = target.top + (target.height - size) / 2;
  const x = `${Math.round(left - origin.left)}px`;
  const y = `${Math.round(top - origin.top)}px`;
  if (button.style.left !== x) button.style.left = x;
  if (button.style.top !== y) button.style.top = y;
  const line = control.line;
  if (line) {
    // Under the number (its last line, if it wraps), within the clip.
    const from = Math.max(target.left, clip?.left ?? -Infinity);
    const to = Math.min(target.right, clip?.right ?? Infinity);
    const lineLeft = `${Math.round(from - origin.left)}px`;
    const lineTop = `${Math.round(target.bottom - 2 - origin.top)}px`;
    const width = `${Math.max(0, Math.round(to - from))}px`;
    if (line.style.left !== lineLeft) line.style.left = lineLeft;
    if (line.style.top !== lineTop) line.style.top = lineTop;
    if (line.style.width !== width) line.style.width = width;
  }
  if (host.hasAttribute('data-clipped')) host.removeAttribute('data-clipped');
}
