import { browser } from 'wxt/browser';
import { callWindowItem } from '../storage/items';
import { PhoneError } from './errors';

/** The popup's page, in its call-window form. */
const CALL_VIEW_PATH = '/popup.html';
const CALL_VIEW_QUERY = 'view=call';

let opening: Promise<number | null> | null = null;

/**
 * Opens (or focuses) the small window with the popup's call view; resolves with its window id.
 * One at a time: a notification click and a call start can ask at the same moment, and two
 * requests must not make two windows.
 */
export function openCallWindow(): Promise<number | null> {
  opening ??= openOrFocus().finally(() => {
    opening = null;
  });
  return opening;
}

async function openOrFocus(): Promise<number | null> {
  const known = await callWindowItem.getValue();
  if (known !== null) {
    try {
      await browser.windows.update(known, { focused: true });
      return known;
    } catch {
      // The user closed it; open a new one.
    }
  }
  const win = await browser.windows.create({
    url: browser.runtime.getURL(`${CALL_VIEW_PATH}?${CALL_VIEW_QUERY}`),
    type: 'popup',
    width: 380,
    height: 620,
    focused: true,
  });
  const id = win?.id ?? null;
  await callWindowItem.setValue(id);
  return id;
}

/** The part of an extension page's window that tells what it is and whether it is loaded. */
export interface ViewLike {
  location: { pathname: string; search: string };
  document: { readyState: DocumentReadyState };
}

/**
 * The loaded call view: the one in the window we opened (`inOurWindow`) if it is there, else any
 * other (e.g. one left over from before the background page was reloaded); null while loading.
 */
export function pickCallView<V extends ViewLike>(
  inOurWindow: readonly V[],
  all: readonly V[],
): V | null {
  return inOurWindow.find(isLoadedCallView) ?? all.find(isLoadedCallView) ?? null;
}

function isLoadedCallView(v: ViewLike): boolean {
  try {
    return (
      v.location.pathname === CALL_VIEW_PATH &&
      new URLSearchParams(v.location.search).get('view') === 'call' &&
      v.document.readyState === 'complete'
    );
  } catch {
    return false; // A window closing right now: its objects are already dead.
  }
}

/**
 * Firefox: the call window's page, loaded and ready to capture — opened (or focused) first.
 * Extension pages run in the background page's process in Firefox, so the background holds the
 * page's very `window` object (`extension.getViews`) and can call its getUserMedia.
 */
export async function callWindowView(timeoutMs = 10_000): Promise<Window> {
  const windowId = await openCallWindow();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = pickCallView(
      windowId === null ? [] : extensionPages({ type: 'tab', windowId }),
      extensionPages({ type: 'tab' }),
    );
    if (view) return view;
    if (Date.now() > deadline) throw new PhoneError('internal', 'the call window did not open');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `extension.getViews`, typed as what it returns: DOM windows (the generated types say otherwise). */
function extensionPages(filter: { type: 'tab'; windowId?: number }): Window[] {
  return browser.extension.getViews(filter) as unknown[] as Window[];
}
