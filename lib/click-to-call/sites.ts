/**
 * Which sites click-to-call runs on, as pure functions of the settings (shared by the
 * background, the settings page and the content script). Hosts are matched without port and
 * scheme, like the browser's match patterns (`*://host/*`), which cannot express ports in
 * Firefox: a self-hosted CRM is one host.
 */
import type { CrmHost, CrmKind, SiteSettings } from '../storage/site-settings';

const HOST =
  /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$|^\[[0-9a-f:.]+\]$|^(?:\d{1,3}\.){3}\d{1,3}$/;

/**
 * Normalises what a user typed (`https://crm.example.com:8443/index.php`, `CRM.example.com`)
 * to a host (`crm.example.com`), or undefined when it is not one.
 */
export function normalizeHost(input: string): string | undefined {
  let text = input.trim().toLowerCase();
  if (!text) return undefined;
  const wildcard = text.startsWith('*.');
  if (wildcard) text = text.slice(2);
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `http://${text}`);
    const host = (wildcard ? '*.' : '') + url.hostname;
    return HOST.test(host) ? host : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `hostname` is `host`, or under it when `host` is `*.domain`. */
export function hostMatches(host: string, hostname: string): boolean {
  const name = hostname.toLowerCase();
  if (host.startsWith('*.')) {
    const domain = host.slice(2);
    return name === domain || name.endsWith(`.${domain}`);
  }
  return name === host;
}

/** The match pattern (for permissions and content-script registration) of a host. */
export function hostPattern(host: string): string {
  return `*://${host}/*`;
}

export const ALL_SITES_PATTERN = '*://*/*';

export interface SiteDecision {
  /** The CRM adapter the user assigned to this host, if any (else detection decides). */
  crm?: CrmKind;
  via: 'crm-host' | 'allow-list' | 'everywhere';
}

/** Whether click-to-call runs on `url`, and how. */
export function decideSite(settings: SiteSettings, url: string | URL): SiteDecision | undefined {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (settings.mode === 'off') return undefined;
  const host = parsed.hostname;
  if (settings.blocked.some((h) => hostMatches(h, host))) return undefined;
  const crm = settings.crmHosts.find((c) => hostMatches(c.host, host));
  if (crm) return { crm: crm.crm, via: 'crm-host' };
  if (settings.mode === 'allow-list' && settings.allowed.some((h) => hostMatches(h, host)))
    return { via: 'allow-list' };
  if (settings.mode === 'everywhere') return { via: 'everywhere' };
  return undefined;
}

/** The match patterns the content script must be registered for (before permissions). */
export function wantedPatterns(settings: SiteSettings): { matches: string[]; exclude: string[] } {
  if (settings.mode === 'off') return { matches: [], exclude: [] };
  const exclude = settings.blocked.map(hostPattern);
  if (settings.mode === 'everywhere') return { matches: [ALL_SITES_PATTERN], exclude };
  const hosts = settings.crmHosts.map((c) => c.host);
  if (settings.mode === 'allow-list') hosts.push(...settings.allowed);
  return { matches: [...new Set(hosts)].map(hostPattern), exclude };
}

/** Adds or replaces a CRM host in a list (by host). */
export function withCrmHost(list: readonly CrmHost[], entry: CrmHost): CrmHost[] {
  return [...list.filter((c) => c.host !== entry.host), entry];
}
