/**
 * The call card inside a CRM tab: shows components/CallCard.tsx bottom-right, in a closed
 * shadow root on its own element appended to <html> — outside the CRM's markup, so the card
 * neither inherits the CRM's styles nor disturbs its layout, and page scripts cannot reach its
 * buttons. The element exists only while there is a card to show, and goes away with the
 * click-to-call session (the site turned off, the extension reloaded).
 *
 * What the cards say comes from the background (lib/card/background.ts): asked for once when
 * the session starts, then pushed on every change. Buttons act only on trusted events.
 */
import { h, render } from 'preact';
import { CallCards } from '../../components/CallCard';
import { contentMessaging, type DialResult } from '../content-messaging';
import { logger } from '../log';
import type { CardAction, CardActionRequest } from './schemas';
import type { CardsView } from './state';

const log = logger('dom');

export const CARD_TAG = 'callbridge-card';

// `!important` on :host: page rules that match the host by tag or `html > *` would otherwise win
// over the shadow root's :host rules. Everything inside starts from `all: initial`, so no CRM
// font, colour or box rule leaks in through inheritance.
const CSS = `
:host {
  all: initial !important;
  position: fixed !important;
  right: 16px !important;
  bottom: 16px !important;
  z-index: 2147483647 !important;
  display: block !important;
  width: auto !important;
  height: auto !important;
  margin: 0 !important;
  padding: 0 !important;
}
.cards {
  all: initial;
  display: flex;
  flex-direction: column;
  align-items: flex-end;
  gap: 8px;
  font: 14px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1f2328;
  --bg: #ffffff;
  --fg: #1f2328;
  --muted: #59636e;
  --line: #d1d9e0;
  --accent: #1a73e8;
  --green: #1a7f37;
  --red: #c62828;
  --on-color: #ffffff;
}
@media (prefers-color-scheme: dark) {
  .cards {
    --bg: #1f2328;
    --fg: #f0f3f6;
    --muted: #b7bdc8;
    --line: #454c54;
    --accent: #5b9cf5;
    --green: #3fb950;
    --red: #ff7b72;
    /* White on these lighter greens and reds would fall below 3:1. */
    --on-color: #0d1117;
  }
}
.card {
  box-sizing: border-box;
  width: 320px;
  max-width: calc(100vw - 32px);
  background: var(--bg);
  color: var(--fg);
  border: 1px solid var(--line);
  border-left: 4px solid var(--accent);
  border-radius: 8px;
  box-shadow: 0 6px 24px rgba(0, 0, 0, 0.28), 0 1px 3px rgba(0, 0, 0, 0.2);
  padding: 10px 12px 8px;
  animation: callbridge-in 160ms ease-out;
}
.card[data-phase="ringing"] { border-left-color: var(--green); }
.card[data-phase="missed"] { border-left-color: var(--red); }
.card[data-phase="declined"], .card[data-phase="ended"] { border-left-color: var(--muted); }
@keyframes callbridge-in {
  from { transform: translateY(8px); opacity: 0; }
  to { transform: none; opacity: 1; }
}
@media (prefers-reduced-motion: reduce) {
  .card { animation: none; }
  .card[data-phase="ringing"] .dot { animation: none; }
}
header { display: flex; align-items: center; gap: 6px; margin: 0 0 4px; }
.phase { flex: 1; font-size: 12px; font-weight: 600; color: var(--muted); }
.dot {
  flex: none;
  width: 8px;
  height: 8px;
  border-radius: 50%;
  background: var(--accent);
}
.card[data-phase="ringing"] .dot { background: var(--green); animation: callbridge-pulse 1s ease-in-out infinite alternate; }
.card[data-phase="missed"] .dot { background: var(--red); }
.card[data-phase="declined"] .dot, .card[data-phase="ended"] .dot { background: var(--muted); }
@keyframes callbridge-pulse { from { opacity: 1; } to { opacity: 0.35; } }
.who { margin: 0 0 8px; min-width: 0; }
.name {
  font-size: 16px;
  font-weight: 600;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
.line { display: flex; align-items: baseline; gap: 10px; flex-wrap: wrap; }
.number { color: var(--muted); font-variant-numeric: tabular-nums; }
.who .open {
  color: var(--accent);
  font-size: 13px;
  text-decoration: underline;
  text-underline-offset: 2px;
}
.who .open:hover { text-decoration-thickness: 2px; }
button {
  all: initial;
  box-sizing: border-box;
  font: inherit;
  color: var(--fg);
  cursor: pointer;
  border-radius: 6px;
}
button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.actions, .remind { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
.actions:empty { display: none; }
.actions { margin: 0 0 8px; }
.actions button, .remind button {
  padding: 5px 10px;
  border: 1px solid var(--line);
  background: var(--bg);
  font-weight: 600;
}
.actions button:hover, .remind button:hover { border-color: var(--accent); }
.actions .primary { background: var(--green); border-color: var(--green); color: var(--on-color); }
.actions .danger { background: var(--red); border-color: var(--red); color: var(--on-color); }
.remind-label { font-size: 12px; color: var(--muted); margin-right: 2px; }
.remind button { padding: 3px 8px; font-size: 12px; font-weight: 500; }
.note { margin: 6px 0 0; min-height: 0; font-size: 12px; color: var(--green); }
.note:empty { display: none; }
.note.error { color: var(--red); }
.icon {
  flex: none;
  width: 24px;
  height: 24px;
  display: inline-flex;
  align-items: center;
  justify-content: center;
  color: var(--muted);
}
.icon:hover { color: var(--fg); background: rgba(127, 127, 127, 0.15); }
.icon svg { width: 14px; height: 14px; fill: currentColor; }
.strip {
  display: flex;
  align-items: center;
  gap: 4px;
  padding: 4px 6px 4px 10px;
}
.expand {
  flex: 1;
  min-width: 0;
  display: flex;
  align-items: center;
  gap: 8px;
  padding: 4px 0;
}
/* The name is what matters in a strip: the state and time give way first. */
.strip .name { font-size: 14px; flex: 0 1 auto; min-width: 5em; }
.strip .phase {
  flex: 0 100 auto;
  min-width: 0;
  font-weight: 500;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
`;

/** How the page reaches the background; tests put their own in. */
export interface CardChannel {
  list(): Promise<CardsView>;
  act(request: CardActionRequest): Promise<DialResult>;
  /** Calls `show` on every push from the background; returns unsubscribe. */
  subscribe(show: (cards: CardsView) => void): () => void;
}

const messagingChannel: CardChannel = {
  list: () => contentMessaging.sendMessage('content:cards', undefined),
  act: (request) => contentMessaging.sendMessage('content:card-action', request),
  subscribe: (show) => contentMessaging.onMessage('bg:cards', ({ data }) => show(data)),
};

/** Shows the call cards in this page until `signal` aborts. Top frame only. */
export function mountCallCards(
  signal: AbortSignal,
  channel: CardChannel = messagingChannel,
  doc: Document = document,
): void {
  if (signal.aborted || window.top !== window) return;
  const host = doc.createElement(CARD_TAG);
  const root = host.attachShadow({ mode: 'closed' });
  // A constructed sheet is not subject to the page's style-src CSP; a <style> is the fallback
  // for engines that do not let content scripts construct one.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = doc.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
  const container = doc.createElement('div');
  root.append(container);

  let view: CardsView = { rev: -1, cards: [] };

  const onAction = async (
    callId: string,
    action: CardAction,
    event: Event,
  ): Promise<DialResult | undefined> => {
    // Only a person's click or key press counts (page scripts cannot reach the closed root,
    // but nothing the card does may rest on that alone).
    if (!event.isTrusted) return undefined;
    if (action.type === 'close') {
      // Gone here at once; the background closes it in the other tabs.
      show({ rev: view.rev, cards: view.cards.filter((c) => c.callId !== callId) }, true);
    }
    try {
      return await channel.act({ callId, action });
    } catch (error) {
      log('card action failed: %o', error);
      return { ok: false, error: String(error) };
    }
  };

  const show = (next: CardsView, local = false) => {
    if (signal.aborted || (!local && next.rev < view.rev)) return;
    view = next;
    if (view.cards.length === 0) {
      render(null, container);
      host.remove();
      return;
    }
    if (!host.isConnected) doc.documentElement.append(host);
    render(h(CallCards, { cards: view.cards, onAction }), container);
  };

  // Chrome throttles timers in hidden tabs (to once a minute after a while): a tab brought back
  // must not show a card still expanded long after its 20 s.
  doc.addEventListener(
    'visibilitychange',
    () => {
      if (doc.visibilityState === 'visible' && host.isConnected) show(view, true);
    },
    { signal },
  );
  const unsubscribe = channel.subscribe((cards) => show(cards));
  channel.list().then(
    (cards) => show(cards),
    (error: unknown) => log('no call cards from the background: %o', error),
  );
  signal.addEventListener(
    'abort',
    () => {
      unsubscribe();
      render(null, container);
      host.remove();
    },
    { once: true },
  );
}
