/**
 * Click-to-call inside a page: the content script's whole behaviour, wired by the thin
 * entrypoints/crm.content.ts. It runs only while the page's site is enabled (settings are
 * watched: turning the site off removes every trace at once, turning it on starts again) and
 * everything it starts hangs off one AbortSignal per session, itself tied to WXT's ctx.
 *
 * Content scripts never see the SIP account: calls go to the background as typed messages
 * (lib/content-messaging.ts), which validates them and owns the phone.
 */
import { i18n } from '#i18n';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { detectPage, type Adapter } from '../../adapters';
import { mountCallCards } from '../card/content';
import type { CrmSource, SeenContact } from '../content-messaging';
import { contentMessaging } from '../content-messaging';
import {
  installHighlightStyle,
  installLayer,
  PhoneLinker,
  removeHighlightStyle,
  removeLayer,
} from '../dom/linker';
import { ChunkedScheduler } from '../dom/scheduler';
import { logger } from '../log';
import { formatForDisplay, type CountryCode } from '../phone';
import { loadSiteSettings, watchSiteSettings, type SiteSettings } from '../storage/site-settings';
import { lookupInCrm } from './lookup';
import { decideSite, type SiteDecision } from './sites';

const log = logger('dom');
const CONTACT_BATCH_MS = 1500;

/** WXT's ContentScriptContext: its signal, invalidation and SPA location-change events. */
export type Lifecycle = ContentScriptContext;

interface Session {
  controller: AbortController;
  adapter: Adapter;
  decision: SiteDecision;
}

export async function runClickToCall(ctx: Lifecycle): Promise<void> {
  let session: Session | undefined;
  let starting = false;
  /** A route or settings change arrived while starting: look again once the start is done. */
  let again = false;
  /** Bumped by every stop: a session that finishes starting after a stop is dropped. */
  let generation = 0;

  const stop = () => {
    generation++;
    session?.controller.abort();
    session = undefined;
    removeHighlightStyle(document);
    removeLayer(document);
  };

  const apply = async (settings: SiteSettings) => {
    if (ctx.signal.aborted) return;
    const decision = decideSite(settings, location.href);
    if (!decision) {
      if (session) log('click-to-call turned off for this site');
      stop();
      return;
    }
    const { adapter } = detectPage(new URL(location.href), decision.crm);
    // Same adapter: the running session follows the page by itself (the observer sees the new
    // content of an SPA route). Another adapter: start over with the right one.
    if (session && session.adapter.id === adapter.id) return;
    if (starting) {
      again = true;
      return;
    }
    stop();
    const mine = generation;
    starting = true;
    try {
      // The script is registered for document_start: the highlight rule and the layer of
      // floating controls go in before the page's first style computation and layout (adding
      // them later restyles, or re-walks, the whole page), and the scan waits for the document
      // to be parsed.
      if (typeof CSS !== 'undefined' && 'highlights' in CSS) installHighlightStyle(document);
      installLayer(document);
      if (document.readyState === 'loading')
        await new Promise((resolve) =>
          document.addEventListener('DOMContentLoaded', resolve, { once: true }),
        );
      if (ctx.signal.aborted || generation !== mine) return;
      const started = await startSession(ctx, adapter, decision);
      // Turned off (or invalidated) while starting: undo at once.
      if (ctx.signal.aborted || generation !== mine) started.controller.abort();
      else session = started;
    } finally {
      starting = false;
      if (again) {
        again = false;
        void loadSiteSettings().then(apply);
      }
    }
  };

  ctx.onInvalidated(stop);
  ctx.onInvalidated(watchSiteSettings((settings) => void apply(settings)));
  // SPA route changes (history.pushState): the page kind, or even the CRM, may have changed.
  // (Through ctx: WXT starts watching the URL only for listeners added this way.)
  ctx.addEventListener(window, 'wxt:locationchange', () => void loadSiteSettings().then(apply));
  await apply(await loadSiteSettings());
}

async function startSession(
  ctx: Lifecycle,
  adapter: Adapter,
  decision: SiteDecision,
): Promise<Session> {
  const controller = new AbortController();
  const { signal } = controller;
  ctx.signal.addEventListener('abort', () => controller.abort(), { signal });
  const session: Session = { controller, adapter, decision };

  let defaultCountry: CountryCode = 'US';
  try {
    const config = await contentMessaging.sendMessage('content:config', undefined);
    if (/^[A-Z]{2}$/.test(config.defaultCountry))
      defaultCountry = config.defaultCountry as CountryCode;
  } catch (error) {
    log('no config from the background: %o', error);
  }
  if (signal.aborted) return session;

  const page = () => detectPage(new URL(location.href), decision.crm).page?.id;
  const crm: CrmSource = adapter.id;
  const contacts = contactBatcher(crm, adapter, signal);
  const scheduler = new ChunkedScheduler({ signal });
  const linker = new PhoneLinker(document, {
    profile: adapter,
    country: () => adapter.region?.(document) ?? defaultCountry,
    label: (number) =>
      number ? i18n.t('c2cCallNumber', [formatForDisplay(number)]) : i18n.t('c2cCall'),
    scheduler,
    signal,
    onContact: (contact) => contacts.add(contact),
    onActivate(target, feedback) {
      feedback('busy', i18n.t('c2cCalling', [formatForDisplay(target.number)]));
      const request = {
        number: target.number,
        source: { crm, ...(page() ? { page: page() } : {}) },
        ...(target.ext !== undefined ? { ext: target.ext } : {}),
      };
      contentMessaging.sendMessage('content:dial', request).then(
        (result) => feedback(result.ok ? 'ok' : 'error', result.ok ? undefined : result.error),
        (error: unknown) => feedback('error', String(error)),
      );
    },
  });

  // The context menu acts on the number under the pointer: tell the background which one it is
  // before the menu opens. Only a person's right-click counts.
  window.addEventListener(
    'contextmenu',
    (event) => {
      if (!event.isTrusted) return;
      const target = linker.targetAt(event);
      const data = target
        ? { number: target.number, ...(target.ext ? { ext: target.ext } : {}) }
        : null;
      contentMessaging.sendMessage('content:pointer', data).catch(() => undefined);
    },
    { capture: true, signal },
  );
  const removeCopy = contentMessaging.onMessage('bg:copy', async ({ data }) => {
    if (typeof data !== 'string' || !/^\+\d{7,15}$/.test(data)) return false;
    try {
      await navigator.clipboard.writeText(data);
      return true;
    } catch {
      return false;
    }
  });
  signal.addEventListener('abort', removeCopy, { once: true });
  if (window === window.top && adapter.searchUrl) {
    const removeLookup = contentMessaging.onMessage('bg:lookup', async ({ data }) => {
      if (typeof data !== 'string' || !/^\+\d{7,15}$/.test(data)) return null;
      const region = adapter.region?.(document) ?? defaultCountry;
      const found = await lookupInCrm(adapter, document, data, region).catch((error: unknown) => {
        log('CRM lookup failed: %o', error);
        return undefined;
      });
      return found ? { ...found } : null;
    });
    signal.addEventListener('abort', removeLookup, { once: true });
  }

  linker.start();
  // The incoming-call card (lib/card): in every tab where click-to-call runs, gone with it.
  mountCallCards(signal);
  log('click-to-call on with the %s adapter', adapter.id);
  return session;
}

/** Collects contacts seen on the page and sends them to the background in batches. */
function contactBatcher(crm: CrmSource, adapter: Adapter, signal: AbortSignal) {
  let batch: SeenContact[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let searchSent = false;
  const flush = () => {
    timer = undefined;
    if (signal.aborted || batch.length === 0) return;
    const contacts = batch.slice(0, 500);
    batch = batch.slice(500);
    const searchUrl = searchSent ? undefined : adapter.searchUrl?.(document);
    searchSent = true;
    contentMessaging
      .sendMessage('content:contacts', { crm, contacts, ...(searchUrl ? { searchUrl } : {}) })
      .catch(() => undefined);
    if (batch.length > 0) timer = setTimeout(flush, CONTACT_BATCH_MS);
  };
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  return {
    add(contact: SeenContact) {
      batch.push(contact);
      timer ??= setTimeout(flush, CONTACT_BATCH_MS);
    },
  };
}
