/**
 * Screen pop: the caller's CRM record comes to the front by itself — when the call rings, when
 * it is answered, or never (options page). A tab already showing the record is focused rather
 * than opened again; an unknown number opens the CRM's search for it. Each call pops once, even
 * across a service-worker restart.
 */
import { browser } from 'wxt/browser';
import { logger } from '../log';
import type { CallView, PhoneSnapshot } from '../sip/types';
import { screenPopItem, screenPoppedItem, type ScreenPopMode } from '../storage/items';
import type { CallerIdentity } from './caller-identity';
import { safeHttpUrl } from './format';

const log = logger('calls');
/** How long a popped call is remembered (longer than any ring and answer take). */
const REMEMBER_MS = 60 * 60_000;

export interface ScreenPopDeps {
  identify(call: CallView): Promise<CallerIdentity>;
  mode?(): Promise<ScreenPopMode>;
  open?(url: string): Promise<void>;
  now?(): number;
}

/** The page to pop for a caller: the record if known, else the CRM's search; http(s) only. */
export function popUrl(identity: CallerIdentity): string | undefined {
  return safeHttpUrl(identity.recordUrl) ?? safeHttpUrl(identity.searchUrl);
}

/** Whether this snapshot is the moment to pop `call` in `mode`. */
export function popMoment(call: CallView, mode: ScreenPopMode): boolean {
  if (call.direction !== 'incoming' || mode === 'never') return false;
  return mode === 'ring' ? call.status === 'incoming' : call.answeredAt !== undefined;
}

export class ScreenPop {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ScreenPopDeps) {}

  /** Feed every snapshot; pops are done one at a time, in order. */
  sync(snapshot: PhoneSnapshot): Promise<void> {
    this.queue = this.queue
      .then(() => this.run(snapshot))
      .catch((error: unknown) => log('screen pop failed: %o', error));
    return this.queue;
  }

  private async run(snapshot: PhoneSnapshot): Promise<void> {
    const mode = await (this.deps.mode?.() ?? screenPopItem.getValue());
    const due = snapshot.calls.filter((call) => popMoment(call, mode));
    if (due.length === 0) return;
    const now = this.deps.now?.() ?? Date.now();
    const popped = await screenPoppedItem.getValue();
    const kept = Object.fromEntries(
      Object.entries(popped).filter(([, at]) => now - at < REMEMBER_MS),
    );
    let changed = Object.keys(kept).length !== Object.keys(popped).length;
    for (const call of due) {
      if (kept[call.id] !== undefined) continue;
      kept[call.id] = now;
      changed = true;
      const url = popUrl(await this.deps.identify(call));
      if (url) await (this.deps.open ?? openOrFocus)(url);
    }
    if (changed) await screenPoppedItem.setValue(kept);
  }
}

/**
 * Focuses a tab that shows `url` already (the extension sees the address of CRM tabs only: the
 * sites the user enabled), else opens it in the last focused normal window — not in the call
 * window, which is the focused one right after answering there: a tab opened in it would hide
 * the call view, and Firefox holds a hidden tab's getUserMedia back, so the next call would wait
 * for its microphone for ever.
 */
export async function openOrFocus(url: string): Promise<void> {
  const tabs = await browser.tabs.query({});
  const open = tabs.find((tab) => tab.url === url);
  if (open?.id !== undefined) {
    await browser.tabs.update(open.id, { active: true });
    if (open.windowId !== undefined) await browser.windows.update(open.windowId, { focused: true });
    return;
  }
  const normal = await browser.windows
    .getLastFocused({ windowTypes: ['normal'] })
    .catch(() => undefined);
  if (normal?.id === undefined) {
    // No browser window at all (only the call window): a new one, with the record.
    await browser.windows.create({ url, focused: true });
    return;
  }
  await browser.tabs.create({ url, active: true, windowId: normal.id });
  await browser.windows.update(normal.id, { focused: true });
}
