/**
 * The background half of click-to-call:
 *  - answers the content scripts' messages (lib/content-messaging.ts), after checking the sender
 *    is a tab on a site where click-to-call is on and validating every value (schemas.ts);
 *  - places calls through the phone link, with the number in E.164;
 *  - keeps the content script registered for exactly the sites the user enabled and granted;
 *  - owns the context menu (Call, Copy number, Call back in 10/30/60 min) on those sites;
 *  - writes the caller-ID cache (lib/calls/caller-id.ts).
 *
 * Wire it from the background's main(), after startPhoneService:
 *   registerContentHandlers(service.link, { createCallback });
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { rememberContacts, rememberSearch, type KnownContact } from '../calls/caller-id';
import { contentMessaging, type ContentConfig, type DialResult } from '../content-messaging';
import { errorLabel } from '../labels';
import { logger } from '../log';
import {
  findPhoneNumbers,
  guessDefaultCountry,
  normalizeDialInput,
  type CountryCode,
} from '../phone';
import type { PhoneLink } from '../sip/link';
import { phonePrefsItem } from '../storage/items';
import { loadSiteSettings, watchSiteSettings, type SiteSettings } from '../storage/site-settings';
import { CONTENT_SCRIPT_FILE, CONTENT_SCRIPT_ID } from './constants';
import {
  CallbackSchema,
  ContactsSchema,
  DialRequestSchema,
  LookupAnswerSchema,
  PointerSchema,
} from './schemas';
import { decideSite, wantedPatterns } from './sites';

const log = logger('calls');

export type CallbackMinutes = 10 | 30 | 60;

export interface ContentHandlerDeps {
  /** Creates the "Call back" task (issue 4's task store, lib/calls/tasks.ts). */
  createCallback(number: string, minutes: CallbackMinutes): Promise<void> | void;
  /** Shows the calls with this number (the popup's history, narrowed to it). */
  openHistory?(number: string): Promise<void>;
  /** Tests: the clock. */
  now?: () => number;
}

export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

/** The page a message came from, if it is a content script on an enabled site. */
export function enabledSender(
  sender: Sender,
  settings: SiteSettings,
  selfId: string,
): { tabId: number; url: URL } | undefined {
  if (sender.id !== selfId || !sender.tab || sender.tab.id === undefined) return undefined;
  const raw = sender.tab.url ?? sender.url;
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  return decideSite(settings, url) ? { tabId: sender.tab.id, url } : undefined;
}

/** The sender's tab and page, if it is a content script on an enabled site; else throws. */
export async function requireEnabledSender(
  sender: Sender,
  selfId: string,
): Promise<{ tabId: number; url: URL }> {
  const site = enabledSender(sender, await loadSiteSettings(), selfId);
  if (!site) throw new Error('not allowed');
  return site;
}

/** The open tabs on sites where click-to-call (and so the call card) runs. */
export async function enabledTabs(): Promise<
  Array<Browser.tabs.Tab & { id: number; url: string }>
> {
  const [settings, tabs] = await Promise.all([loadSiteSettings(), browser.tabs.query({})]);
  return tabs.filter(
    (tab): tab is Browser.tabs.Tab & { id: number; url: string } =>
      tab.id !== undefined && !!tab.url && decideSite(settings, tab.url) !== undefined,
  );
}

/** Contacts from a page, kept only if their record and search URLs are on the page's origin. */
export function acceptContacts(
  data: unknown,
  pageOrigin: string,
  now: number,
): { contacts: KnownContact[]; searchUrl?: string; crm: KnownContact['crm'] } | undefined {
  const parsed = v.safeParse(ContactsSchema, data);
  if (!parsed.success) return undefined;
  const sameOrigin = (url: string | undefined) => {
    if (url === undefined) return true;
    try {
      return new URL(url).origin === pageOrigin;
    } catch {
      return false;
    }
  };
  const { crm, searchUrl } = parsed.output;
  const contacts: KnownContact[] = [];
  for (const c of parsed.output.contacts) {
    if (!sameOrigin(c.recordUrl)) continue;
    const contact: KnownContact = { number: c.number, crm, seenAt: now };
    if (c.name !== undefined) contact.name = c.name;
    if (c.recordUrl !== undefined) contact.recordUrl = c.recordUrl;
    contacts.push(contact);
  }
  const result: { contacts: KnownContact[]; searchUrl?: string; crm: KnownContact['crm'] } = {
    contacts,
    crm,
  };
  if (searchUrl !== undefined && sameOrigin(searchUrl)) result.searchUrl = searchUrl;
  return result;
}

async function defaultCountry(): Promise<CountryCode> {
  const prefs = await phonePrefsItem.getValue();
  if (/^[A-Z]{2}$/.test(prefs.defaultCountry)) return prefs.defaultCountry as CountryCode;
  return guessDefaultCountry(navigator.languages ?? []);
}

async function dial(link: PhoneLink, number: string, ext: string | undefined): Promise<DialResult> {
  const result = await link.command(
    ext === undefined ? { type: 'dial', target: number } : { type: 'dial', target: number, ext },
  );
  return result.ok ? { ok: true } : { ok: false, error: errorLabel(result.error) };
}

const MENU_PARENT = 'callbridge';
const MENU_ITEMS = [
  'call',
  'copy',
  'callback-10',
  'callback-30',
  'callback-60',
  'history',
] as const;
export type MenuItem = (typeof MENU_ITEMS)[number];
const MENU_TITLES: Record<MenuItem, () => string> = {
  call: () => i18n.t('c2cMenuCall'),
  copy: () => i18n.t('c2cMenuCopy'),
  'callback-10': () => i18n.t('c2cMenuCallback10'),
  'callback-30': () => i18n.t('c2cMenuCallback30'),
  'callback-60': () => i18n.t('c2cMenuCallback60'),
  history: () => i18n.t('c2cMenuHistory'),
};
/** How long the number under the pointer stays the context menu's number. */
const POINTER_TTL_MS = 60_000;

/** The message handlers, apart from their wiring so that tests can call them directly. */
export function contentHandlers(link: PhoneLink, deps: ContentHandlerDeps, selfId: string) {
  const now = deps.now ?? Date.now;
  /** The number under the pointer at the last context menu, per tab. */
  const pointers = new Map<number, { number: string; ext?: string; at: number }>();

  const from = (sender: Sender) => requireEnabledSender(sender, selfId);

  return {
    pointers,
    async dial(data: unknown, sender: Sender): Promise<DialResult> {
      await from(sender);
      const request = v.safeParse(DialRequestSchema, data);
      if (!request.success) return { ok: false, error: errorLabel('invalid-target') };
      log('dial %s from %s', request.output.number, request.output.source.crm);
      return dial(link, request.output.number, request.output.ext);
    },
    async pointer(data: unknown, sender: Sender): Promise<void> {
      const { tabId } = await from(sender);
      const target = v.safeParse(PointerSchema, data);
      if (!target.success || target.output === null) pointers.delete(tabId);
      else pointers.set(tabId, { ...target.output, at: now() });
    },
    async callback(data: unknown, sender: Sender): Promise<DialResult> {
      await from(sender);
      const request = v.safeParse(CallbackSchema, data);
      if (!request.success) return { ok: false, error: errorLabel('invalid-target') };
      await deps.createCallback(request.output.number, request.output.minutes);
      return { ok: true };
    },
    async contacts(data: unknown, sender: Sender): Promise<void> {
      const { url } = await from(sender);
      const accepted = acceptContacts(data, url.origin, now());
      if (!accepted) return;
      await rememberContacts(accepted.contacts);
      if (accepted.searchUrl)
        await rememberSearch({
          origin: url.origin,
          crm: accepted.crm,
          template: accepted.searchUrl,
          seenAt: now(),
        });
    },
    async config(sender: Sender): Promise<ContentConfig> {
      await from(sender);
      return { defaultCountry: await defaultCountry() };
    },
    /** The number a context-menu click acts on. */
    async menuTarget(
      info: { selectionText?: string; linkUrl?: string },
      tabId: number | undefined,
    ): Promise<{ number: string; ext?: string } | undefined> {
      const pointer = tabId === undefined ? undefined : pointers.get(tabId);
      if (pointer && now() - pointer.at < POINTER_TTL_MS) {
        const { number, ext } = pointer;
        return ext === undefined ? { number } : { number, ext };
      }
      const country = await defaultCountry();
      if (info.selectionText) {
        const found = findPhoneNumbers(info.selectionText, {
          defaultCountry: country,
          label: 'phone',
        })[0];
        if (found)
          return found.ext === undefined
            ? { number: found.number }
            : { number: found.number, ext: found.ext };
      }
      if (info.linkUrl && /^(?:tel|callto|sips?):/i.test(info.linkUrl)) {
        const parsed = normalizeDialInput(decodeURIComponent(info.linkUrl), country);
        if (parsed.ok && parsed.target.startsWith('+'))
          return parsed.ext === undefined
            ? { number: parsed.target }
            : { number: parsed.target, ext: parsed.ext };
      }
      return undefined;
    },
    /** A context-menu item chosen on a page; false when it could not be done. */
    async menuClicked(
      item: MenuItem,
      target: { number: string; ext?: string },
      tab: { id?: number; url?: string },
      frameId = 0,
    ): Promise<boolean> {
      if (!tab.url || !decideSite(await loadSiteSettings(), tab.url)) return false;
      if (item === 'call') return (await dial(link, target.number, target.ext)).ok;
      if (item === 'copy') {
        // From the extension's own document first: it works on plain-http CRMs too, and long
        // after the right-click. The page's own clipboard is the fallback.
        if (await link.copyText(target.number).catch(() => false)) return true;
        return (
          tab.id !== undefined &&
          (await contentMessaging.sendMessage('bg:copy', target.number, { tabId: tab.id, frameId }))
        );
      }
      if (item === 'history') await deps.openHistory?.(target.number);
      else
        await deps.createCallback(
          target.number,
          Number(item.slice('callback-'.length)) as CallbackMinutes,
        );
      return true;
    },
  };
}

/**
 * Whether the user is looking at a CRM page: the focused window's active tab is on a site where
 * click-to-call (and so the in-page call card) runs. Then a ringing call needs no desktop
 * notification; the card in that tab shows it.
 */
export async function crmTabInFront(): Promise<boolean> {
  const window = await browser.windows.getLastFocused({ populate: true }).catch(() => undefined);
  if (!window?.focused) return false;
  const tab = window.tabs?.find((t) => t.active);
  if (!tab?.url) return false;
  return decideSite(await loadSiteSettings(), tab.url) !== undefined;
}

/** How long a ringing call's identity waits for an open CRM tab to answer. */
const LOOKUP_WAIT_MS = 1_500;

/**
 * Asks a CRM tab open on `origin` (on an enabled site) who `number` is. The answer is validated
 * like any page input, its record must be on the CRM's origin, and it goes into the caller-ID
 * cache. Undefined when no tab of that CRM is open, it does not know, or it is too slow.
 */
export async function askOpenCrm(
  number: string,
  search: { origin: string; crm: KnownContact['crm'] },
  now: () => number = Date.now,
): Promise<{ name?: string; recordUrl?: string } | undefined> {
  const tabs = (await enabledTabs()).filter(
    (tab) => !tab.discarded && new URL(tab.url).origin === search.origin,
  );
  // The tab the user looked at last is the most likely to have a live session.
  tabs.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
  const tab = tabs[0];
  if (tab?.id === undefined) return undefined;
  const answer = await Promise.race([
    contentMessaging.sendMessage('bg:lookup', number, { tabId: tab.id, frameId: 0 }),
    new Promise<undefined>((resolve) => setTimeout(resolve, LOOKUP_WAIT_MS)),
  ]).catch(() => undefined);
  const parsed = v.safeParse(LookupAnswerSchema, answer ?? null);
  if (!parsed.success || parsed.output === null) return undefined;
  const { name, recordUrl } = parsed.output;
  if (recordUrl !== undefined && new URL(recordUrl).origin !== search.origin) return undefined;
  if (name === undefined && recordUrl === undefined) return undefined;
  const contact: KnownContact = { number, crm: search.crm, seenAt: now() };
  if (name !== undefined) contact.name = name;
  if (recordUrl !== undefined) contact.recordUrl = recordUrl;
  await rememberContacts([contact]);
  return { ...(name !== undefined ? { name } : {}), ...(recordUrl ? { recordUrl } : {}) };
}

/** What became of a context-menu click: no number under the pointer, or the action's result. */
export type MenuOutcome = 'not-ours' | 'no-number' | 'done' | 'failed';

/** What a context-menu click tells the background (the parts of menus.OnClickData it reads). */
export interface MenuClick {
  menuItemId: string | number;
  selectionText?: string;
  linkUrl?: string;
  frameId?: number;
}

/**
 * Registers everything; call once, synchronously, from the background's main(). Returns the
 * context menu's click handler, which test builds also call (a headless browser has no menu to
 * click).
 */
export function registerContentHandlers(
  link: PhoneLink,
  deps: ContentHandlerDeps,
): { menuClicked(info: MenuClick, tab: { id?: number; url?: string }): Promise<MenuOutcome> } {
  const handlers = contentHandlers(link, deps, browser.runtime.id);
  contentMessaging.onMessage('content:dial', ({ data, sender }) => handlers.dial(data, sender));
  contentMessaging.onMessage('content:pointer', ({ data, sender }) =>
    handlers.pointer(data, sender),
  );
  contentMessaging.onMessage('content:callback', ({ data, sender }) =>
    handlers.callback(data, sender),
  );
  contentMessaging.onMessage('content:contacts', ({ data, sender }) =>
    handlers.contacts(data, sender),
  );
  contentMessaging.onMessage('content:config', ({ sender }) => handlers.config(sender));

  const menuClicked = async (
    info: MenuClick,
    tab: { id?: number; url?: string },
  ): Promise<MenuOutcome> => {
    const id = String(info.menuItemId);
    if (!id.startsWith(`${MENU_PARENT}:`)) return 'not-ours';
    const item = id.slice(MENU_PARENT.length + 1) as MenuItem;
    if (!MENU_ITEMS.includes(item)) return 'not-ours';
    const menuInfo: { selectionText?: string; linkUrl?: string } = {};
    if (info.selectionText) menuInfo.selectionText = info.selectionText;
    if (info.linkUrl) menuInfo.linkUrl = info.linkUrl;
    const target = await handlers.menuTarget(menuInfo, tab.id);
    if (!target) return 'no-number';
    const done = await handlers.menuClicked(item, target, tab, info.frameId ?? 0);
    if (!done) log('context menu: %s failed for %s', item, target.number);
    return done ? 'done' : 'failed';
  };
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (!tab) return;
    menuClicked(info, tab).catch((error: unknown) => log('context menu action failed: %o', error));
  });

  // ---- registration: the content script runs on enabled, granted sites only -----------

  let syncing = Promise.resolve();
  const sync = () => {
    syncing = syncing
      .then(syncRegistration)
      .catch((error: unknown) => log('could not register the content script: %o', error));
  };
  watchSiteSettings(sync);
  browser.permissions.onAdded.addListener(sync);
  browser.permissions.onRemoved.addListener(sync);
  sync();
  return { menuClicked };
}

/** The patterns of `matches` the user granted access to. */
async function granted(matches: string[]): Promise<string[]> {
  const checks = await Promise.all(
    matches.map((origin) => browser.permissions.contains({ origins: [origin] }).catch(() => false)),
  );
  return matches.filter((_, i) => checks[i]);
}

/**
 * Makes the registered content script and the context menu match the settings and grants:
 * registered for the granted patterns of the enabled sites, or not at all.
 */
export async function syncRegistration(): Promise<void> {
  const settings = await loadSiteSettings();
  const wanted = wantedPatterns(settings);
  const matches = await granted(wanted.matches);
  const existing = await browser.scripting.getRegisteredContentScripts({
    ids: [CONTENT_SCRIPT_ID],
  });
  if (matches.length === 0) {
    if (existing.length > 0)
      await browser.scripting.unregisterContentScripts({ ids: [CONTENT_SCRIPT_ID] });
  } else {
    const script = {
      id: CONTENT_SCRIPT_ID,
      js: [CONTENT_SCRIPT_FILE],
      matches,
      // document_start: the highlight style goes in before the page is first styled (content.ts).
      runAt: 'document_start' as const,
      allFrames: true,
      ...(wanted.exclude.length > 0 ? { excludeMatches: wanted.exclude } : {}),
    };
    if (existing.length > 0) await browser.scripting.updateContentScripts([script]);
    else await browser.scripting.registerContentScripts([script]);
  }
  await syncMenus(matches);
}

async function syncMenus(patterns: string[]): Promise<void> {
  await browser.contextMenus.removeAll();
  if (patterns.length === 0) return;
  const contexts: ['selection', 'link', 'page'] = ['selection', 'link', 'page'];
  browser.contextMenus.create({
    id: MENU_PARENT,
    title: i18n.t('extName'),
    contexts,
    documentUrlPatterns: patterns,
  });
  for (const item of MENU_ITEMS) {
    browser.contextMenus.create({
      id: `${MENU_PARENT}:${item}`,
      parentId: MENU_PARENT,
      title: MENU_TITLES[item](),
      contexts,
      documentUrlPatterns: patterns,
    });
  }
}
