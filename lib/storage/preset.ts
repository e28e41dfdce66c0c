import { normalizeHost } from '../click-to-call/sites';
import { validateAccount } from './account-schema';
import { phonePrefsItem, sipAccountItem } from './items';
import { crmHostsItem, type CrmHost } from './site-settings';
import type { SipAccount } from '../sip/types';
import { logger } from '../log';

const log = logger('bg');

/**
 * Demo builds can carry a preset (`WXT_CALLBRIDGE_PRESET`, JSON
 * `{ account, defaultCountry?, crmHosts? }`) that is installed when no account is saved yet, so
 * the demo is a working phone with click-to-call on its demo CRM pages from the first start.
 * Production builds carry none. The account passes the same validation as the options form.
 */
export async function installPreset(
  raw: string | undefined = import.meta.env.WXT_CALLBRIDGE_PRESET,
): Promise<boolean> {
  if (!raw) return false;
  if ((await sipAccountItem.getValue()) !== null) return false;
  let parsed: { account?: SipAccount; defaultCountry?: unknown; crmHosts?: unknown };
  try {
    parsed = JSON.parse(raw) as typeof parsed;
  } catch {
    log('preset is not JSON; ignored');
    return false;
  }
  const result = validateAccount(parsed.account ?? ({} as SipAccount));
  if (!result.ok) {
    log('preset is not a valid account: %o', result.errors);
    return false;
  }
  await sipAccountItem.setValue(result.account);
  if (typeof parsed.defaultCountry === 'string' && /^[A-Z]{2}$/.test(parsed.defaultCountry))
    await phonePrefsItem.setValue({
      ...(await phonePrefsItem.getValue()),
      defaultCountry: parsed.defaultCountry,
    });
  const hosts = presetHosts(parsed.crmHosts);
  if (hosts.length > 0) await crmHostsItem.setValue(hosts);
  return true;
}

/** CRM hosts from a preset: valid hosts of a known CRM only. */
function presetHosts(raw: unknown): CrmHost[] {
  if (!Array.isArray(raw)) return [];
  const hosts: CrmHost[] = [];
  for (const entry of raw as Array<{ host?: unknown; crm?: unknown }>) {
    const host = typeof entry?.host === 'string' ? normalizeHost(entry.host) : undefined;
    if (host && (entry.crm === 'vtiger' || entry.crm === 'retailcrm'))
      hosts.push({ host, crm: entry.crm });
  }
  return hosts;
}
