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
:host([hidden]) { display: none !important; }
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
  return { host, button };
}

export function isControl(node: Node): boolean {
  return node.nodeType === Node.ELEMENT_NODE && (node as Element).localName === CONTROL_TAG;
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
