/**
 * Turning click-to-call on and off for sites, from an extension page (the settings). Access to
 * a site is asked for at the moment the user adds it, and only for that site; the browser
 * requires the request to come from the user's click, so each function calls
 * `permissions.request` before anything else awaits.
 *
 * Saving the settings is all it takes afterwards: the background re-registers the content script
 * (background.ts), and content scripts already running watch the settings and clean up.
 */
import { browser } from 'wxt/browser';
import { logger } from '../log';
import {
  allowedSitesItem,
  blockedSitesItem,
  crmHostsItem,
  loadSiteSettings,
  siteModeItem,
  type CrmKind,
  type SiteMode,
} from '../storage/site-settings';
import { CONTENT_SCRIPT_FILE } from './constants';
import {
  ALL_SITES_PATTERN,
  hostPattern,
  normalizeHost,
  wantedPatterns,
  withCrmHost,
} from './sites';

const log = logger('ui');

export type EnableResult = 'ok' | 'invalid' | 'denied';

/** Adds a CRM host (asking for access to it first). */
export async function addCrmHost(input: string, crm: CrmKind): Promise<EnableResult> {
  const host = normalizeHost(input);
  if (!host) return 'invalid';
  if (!(await request(hostPattern(host)))) return 'denied';
  await saveCrmHost(host, crm);
  return 'ok';
}

/**
 * What addCrmHost does once access is granted: saves the host (normalized) and starts in its
 * open tabs. Apart so that test builds can enable a host from the background, where Firefox
 * refuses `permissions.request` outright ("may only be called from a user input handler"), even
 * for access the manifest already grants.
 */
export async function saveCrmHost(host: string, crm: CrmKind): Promise<void> {
  await crmHostsItem.setValue(withCrmHost(await crmHostsItem.getValue(), { host, crm }));
  await injectIntoOpenTabs([hostPattern(host)]);
}

export async function addAllowedSite(input: string): Promise<EnableResult> {
  const host = normalizeHost(input);
  if (!host) return 'invalid';
  if (!(await request(hostPattern(host)))) return 'denied';
  const list = await allowedSitesItem.getValue();
  if (!list.includes(host)) await allowedSitesItem.setValue([...list, host]);
  await injectIntoOpenTabs([hostPattern(host)]);
  return 'ok';
}

/** Turns click-to-call off for a host in `everywhere` mode (no permission needed). */
export async function blockSite(input: string): Promise<EnableResult> {
  const host = normalizeHost(input);
  if (!host) return 'invalid';
  const list = await blockedSitesItem.getValue();
  if (!list.includes(host)) await blockedSitesItem.setValue([...list, host]);
  return 'ok';
}

export async function unblockSite(host: string): Promise<void> {
  await blockedSitesItem.setValue((await blockedSitesItem.getValue()).filter((h) => h !== host));
}

export async function removeCrmHost(host: string): Promise<void> {
  await crmHostsItem.setValue((await crmHostsItem.getValue()).filter((c) => c.host !== host));
  await releaseUnused();
}

export async function removeAllowedSite(host: string): Promise<void> {
  await allowedSitesItem.setValue((await allowedSitesItem.getValue()).filter((h) => h !== host));
  await releaseUnused();
}

/** Changes the mode; `everywhere` asks for access to all sites first. */
export async function setSiteMode(mode: SiteMode): Promise<EnableResult> {
  if (mode === 'everywhere' && !(await request(ALL_SITES_PATTERN))) return 'denied';
  await siteModeItem.setValue(mode);
  if (mode === 'everywhere') await injectIntoOpenTabs([ALL_SITES_PATTERN]);
  else await releaseUnused();
  return 'ok';
}

/** Asks again for a host that is configured but whose access was withdrawn in the browser. */
export function grantHost(host: string): Promise<boolean> {
  return request(hostPattern(host));
}

/** Which configured patterns the browser currently grants. */
export async function grantedPatterns(
  patterns: readonly string[],
): Promise<Record<string, boolean>> {
  const entries = await Promise.all(
    patterns.map(
      async (p) =>
        [p, await browser.permissions.contains({ origins: [p] }).catch(() => false)] as const,
    ),
  );
  return Object.fromEntries(entries);
}

async function request(pattern: string): Promise<boolean> {
  try {
    return await browser.permissions.request({ origins: [pattern] });
  } catch (error) {
    log('permission request for %s failed: %o', pattern, error);
    return false;
  }
}

/** Gives back access the settings no longer need: the user sees exactly what is in use. */
async function releaseUnused(): Promise<void> {
  const needed = new Set(wantedPatterns(await loadSiteSettings()).matches);
  const all = await browser.permissions.getAll();
  const unused = (all.origins ?? []).filter((origin) => !needed.has(origin));
  for (const origin of unused) {
    // Permissions the manifest requires (test builds pre-grant 127.0.0.1) cannot be removed.
    await browser.permissions.remove({ origins: [origin] }).catch(() => false);
  }
}

/** Starts click-to-call in tabs of a newly enabled site that are already open (no reload). */
async function injectIntoOpenTabs(patterns: string[]): Promise<void> {
  const tabs = await browser.tabs.query({ url: patterns }).catch(() => []);
  await Promise.all(
    tabs.map((tab) =>
      tab.id === undefined
        ? undefined
        : browser.scripting
            .executeScript({
              target: { tabId: tab.id, allFrames: true },
              files: [CONTENT_SCRIPT_FILE],
            })
            .catch((error: unknown) => log('could not start in tab %d: %o', tab.id, error)),
    ),
  );
}
