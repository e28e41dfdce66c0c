/**
 * Reading the in-page call card (lib/card) from a test. The card lives in a closed shadow root,
 * which page scripts — and so Playwright's selectors — cannot enter; this reads it the way
 * DevTools does, through the DevTools protocol's DOM domain with `pierce: true`, and gives the
 * positions of its buttons for real (trusted) clicks.
 */
import type { CDPSession, Page } from 'playwright';

export interface DomNode {
  nodeType: number;
  nodeName: string;
  localName?: string;
  nodeValue?: string;
  backendNodeId: number;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

export interface CardButton {
  cls: string;
  text: string;
  label: string;
  id: number;
}

export interface CardInfo {
  view: string;
  phase: string;
  name: string;
  number: string;
  phaseText: string;
  note: string;
  buttons: CardButton[];
}

export interface CardsInfo {
  /** The host element is in the page. */
  present: boolean;
  /** Its parent element (it must be <html>, outside the CRM's markup). */
  parent?: string;
  cards: CardInfo[];
  /** Elements inside the shadow root that a caller name must never create. */
  images: number;
}

const sessions = new WeakMap<Page, CDPSession>();
export async function cdp(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (!session) {
    session = await page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  return session;
}

const attr = (node: DomNode, name: string) => {
  const a = node.attributes ?? [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1];
  return undefined;
};
const hasClass = (node: DomNode, cls: string) =>
  (attr(node, 'class') ?? '').split(/\s+/).includes(cls);
function* walk(node: DomNode): Generator<DomNode> {
  yield node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) yield* walk(child);
}
const text = (node: DomNode | undefined): string =>
  node
    ? [...walk(node)]
        .filter((n) => n.nodeType === 3)
        .map((n) => n.nodeValue ?? '')
        .join('')
    : '';
const find = (node: DomNode, test: (n: DomNode) => boolean) => [...walk(node)].find(test);

export async function readCards(page: Page): Promise<CardsInfo> {
  const session = await cdp(page);
  const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as {
    root: DomNode;
  };
  let parent: string | undefined;
  let host: DomNode | undefined;
  for (const node of walk(root))
    for (const child of node.children ?? [])
      if (child.localName === 'callbridge-card') {
        host = child;
        parent = node.localName;
      }
  if (!host) return { present: false, cards: [], images: 0 };
  const shadow = host.shadowRoots?.[0];
  if (!shadow) return { present: true, cards: [], images: 0 };
  const cards = [...walk(shadow)]
    .filter((n) => n.localName === 'section' && hasClass(n, 'card'))
    .map((section) => ({
      view: attr(section, 'data-view') ?? '',
      phase: attr(section, 'data-phase') ?? '',
      name: text(find(section, (n) => hasClass(n, 'name'))),
      number: text(find(section, (n) => hasClass(n, 'number'))),
      phaseText: text(find(section, (n) => hasClass(n, 'phase'))),
      note: text(find(section, (n) => hasClass(n, 'note'))),
      buttons: [...walk(section)]
        .filter((n) => n.localName === 'button')
        .map((b) => ({
          cls: attr(b, 'class') ?? '',
          text: text(b),
          label: attr(b, 'aria-label') ?? '',
          id: b.backendNodeId,
        })),
    }));
  const images = [...walk(shadow)].filter((n) =>
    ['img', 'script', 'iframe'].includes(n.localName ?? ''),
  ).length;
  return { present: true, ...(parent ? { parent } : {}), cards, images };
}
