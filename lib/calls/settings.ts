import type { CountryCode } from 'libphonenumber-js/core';
import { guessDefaultCountry } from '../phone';
import { callLogPrefsItem, phonePrefsItem } from '../storage/items';
import type { CallSettings } from './types';

/**
 * The call log's settings from storage. The default country is the phone's (options page), or
 * the browser language's guess, the same rule the dial pad uses, so a number dialled and the
 * same number ringing in normalise alike.
 */
export async function loadCallSettings(
  languages: readonly string[] = globalThis.navigator?.languages ?? [],
): Promise<CallSettings> {
  const [phone, log] = await Promise.all([phonePrefsItem.getValue(), callLogPrefsItem.getValue()]);
  return {
    defaultCountry: (phone.defaultCountry as CountryCode) || guessDefaultCountry(languages),
    shortCallSec: log.shortCallSec,
    retentionDays: log.retentionDays,
  };
}
