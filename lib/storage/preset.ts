import { validateAccount } from './account-schema';
import { phonePrefsItem, sipAccountItem } from './items';
import type { SipAccount } from '../sip/types';
import { logger } from '../log';

const log = logger('bg');

/**
 * Demo builds can carry a preset (`WXT_CALLBRIDGE_PRESET`, JSON `{ account, defaultCountry? }`)
 * that is installed when no account is saved yet, so the demo is a working phone on first start.
 * Production builds carry none. The account passes the same validation as the options form.
 */
export async function installPreset(
  raw: string | undefined = import.meta.env.WXT_CALLBRIDGE_PRESET,
): Promise<boolean> {
  if (!raw) return false;
  if ((await sipAccountItem.getValue()) !== null) return false;
  let parsed: { account?: SipAccount; defaultCountry?: unknown };
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
  return true;
}
