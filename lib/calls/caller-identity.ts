/**
 * Who is calling: the one place that turns a ringing call's number into what the salesperson
 * sees — the desktop notification, the in-page call card, the call record and the screen pop
 * all ask here. The answer comes from the caller-ID cache the adapters fill (numbers seen on
 * CRM pages next to a contact), then from the SIP display name; an unknown number gets the
 * CRM's search URL for it instead.
 */
import { lookupContact, searchUrlsFor, type CallerIdCrm } from './caller-id';
import { normalizeParty } from './numbers';
import type { CountryCode } from 'libphonenumber-js/core';

export interface CallerIdentity {
  /** E.164 when the signalled number could be read as one, else as signalled. */
  number: string;
  /** The contact's name in the CRM, else the SIP display name. Untrusted text: render as text. */
  name?: string;
  /** The contact's CRM record (same origin as the CRM page it was seen on). */
  recordUrl?: string;
  /** For an unknown number: the CRM's search for it. */
  searchUrl?: string;
  crm?: CallerIdCrm;
  /** Where the name came from. */
  source: 'crm' | 'sip' | 'none';
}

export async function identifyCaller(
  signalled: string,
  options: { country: CountryCode; sipName?: string },
): Promise<CallerIdentity> {
  const { number } = normalizeParty(signalled, undefined, options.country);
  const known = number.startsWith('+')
    ? await lookupContact(number).catch(() => undefined)
    : undefined;
  if (known?.name || known?.recordUrl) {
    const identity: CallerIdentity = { number, crm: known.crm, source: 'crm' };
    if (known.name) identity.name = known.name;
    else if (options.sipName) identity.name = options.sipName;
    if (known.recordUrl) identity.recordUrl = known.recordUrl;
    return identity;
  }
  const identity: CallerIdentity = { number, source: options.sipName ? 'sip' : 'none' };
  if (options.sipName) identity.name = options.sipName;
  if (number.startsWith('+')) {
    const [search] = await searchUrlsFor(number).catch(() => []);
    if (search) {
      identity.searchUrl = search.url;
      identity.crm = search.crm;
    }
  }
  return identity;
}
