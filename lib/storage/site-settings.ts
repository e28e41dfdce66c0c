import { storage } from 'wxt/utils/storage';

/**
 * Where click-to-call runs. Declared here, apart from items.ts, because content scripts read
 * these (to know whether their site is on and to clean up when it is turned off) and must never
 * import the module that holds the SIP account. Nothing here is secret.
 *
 * The browser's host permissions are the other half: a site runs only if it is enabled here AND
 * the user granted the extension access to it (requested at run time, for that site only).
 */

/**
 * - `off`: click-to-call nowhere.
 * - `crm`: only on the hosts configured as a CRM (with that CRM's adapter).
 * - `allow-list`: the CRM hosts, plus the sites on the allow-list (adapter by page detection).
 * - `everywhere`: every site except the blocked ones (needs access to all sites).
 */
export type SiteMode = 'off' | 'crm' | 'allow-list' | 'everywhere';

export type CrmKind = 'vtiger' | 'retailcrm';

/** A host the user runs a CRM on: `crm.example.com`, or `*.retailcrm.ru` for every account. */
export interface CrmHost {
  host: string;
  crm: CrmKind;
}

export const siteModeItem = storage.defineItem<SiteMode>('local:clickToCallMode', {
  fallback: 'crm',
  version: 1,
});

export const crmHostsItem = storage.defineItem<CrmHost[]>('local:clickToCallCrmHosts', {
  fallback: [],
  version: 1,
});

/** Hosts (same syntax as CrmHost.host) where the generic adapter runs in `allow-list` mode. */
export const allowedSitesItem = storage.defineItem<string[]>('local:clickToCallAllowed', {
  fallback: [],
  version: 1,
});

/** Hosts the user turned off while in `everywhere` mode. */
export const blockedSitesItem = storage.defineItem<string[]>('local:clickToCallBlocked', {
  fallback: [],
  version: 1,
});

export interface SiteSettings {
  mode: SiteMode;
  crmHosts: CrmHost[];
  allowed: string[];
  blocked: string[];
}

export async function loadSiteSettings(): Promise<SiteSettings> {
  const [mode, crmHosts, allowed, blocked] = await Promise.all([
    siteModeItem.getValue(),
    crmHostsItem.getValue(),
    allowedSitesItem.getValue(),
    blockedSitesItem.getValue(),
  ]);
  return { mode, crmHosts, allowed, blocked };
}

/** Calls `onChange` with the full settings whenever any of them changes; returns unwatch. */
export function watchSiteSettings(onChange: (settings: SiteSettings) => void): () => void {
  const reload = () => void loadSiteSettings().then(onChange);
  const unwatch = [siteModeItem, crmHostsItem, allowedSitesItem, blockedSitesItem].map((item) =>
    item.watch(reload),
  );
  return () => unwatch.forEach((stop) => stop());
}
