import { validateAccount } from './account-schema';
import { sipAccountItem } from './items';
import type { SipAccount } from '../sip/types';
import { logger } from '../log';

const log = logger('bg');

/**
 * Demo and test builds can carry an account (`WXT_CALLBRIDGE_PRESET`, JSON of a SipAccount)
 * that is installed when no account is saved yet, so the demo is a working phone on first
 * start. Production builds carry none. The preset passes the same validation as the form.
 */
export async function installPreset(
  raw: string | undefined = import.meta.env.WXT_CALLBRIDGE_PRESET,
): Promise<boolean> {
  if (!raw) return false;
  if ((await sipAccountItem.getValue()) !== null) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    log('preset is not JSON; ignored');
    return false;
  }
  const result = validateAccount(parsed as SipAccount);
  if (!result.ok) {
    log('preset is not a valid account: %o', result.errors);
    return false;
  }
  await sipAccountItem.setValue(result.account);
  return true;
}
