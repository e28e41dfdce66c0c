/**
 * Who is calling: the one place that turns a ringing call's number into what the salesperson
 * sees — the desktop notification, the in-page call card, the call record and the screen pop
 * all ask here. The answer comes from the caller-ID cache the adapters fill (numbers seen on
 * CRM pages next to a contact), then from the CRM itself (an open CRM tab runs the CRM's search
 * for the number), then from the SIP display name; an unknown number gets the CRM's search URL.
 */
import { lookupContact, searchUrlsFor, type CallerIdCrm } from './caller-id';
import { callersItem } from '../storage/items';
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

/** Asks the CRM (lib/click-to-call/background.ts `askOpenCrm`) who a number is. */
export type CrmAsk = (
  number: string,
  search: { origin: string; crm: CallerIdCrm },
) => Promise<{ name?: string; recordUrl?: string } | undefined>;

export async function identifyCaller(
  signalled: string,
  options: { country: CountryCode; sipName?: string; ask?: CrmAsk },
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
      const origin = new URL(search.url).origin;
      const answer = await options
        .ask?.(number, { origin, crm: search.crm })
        .catch(() => undefined);
      if (answer?.name || answer?.recordUrl) {
        const found: CallerIdentity = { number, crm: search.crm, source: 'crm' };
        const name = answer.name ?? options.sipName;
        if (name) found.name = name;
        if (answer.recordUrl) found.recordUrl = answer.recordUrl;
        return found;
      }
      identity.searchUrl = search.url;
      identity.crm = search.crm;
    }
  }
  return identity;
}

export interface RingingCall {
  id: string;
  remoteNumber: string;
  remoteName?: string;
}

/**
 * The identity of each call, asked for once: the notification, the call record, the screen
 * pop and the call card of one call all see the same answer. Keeps the last few calls only.
 */
export function callerIdentities(
  country: () => Promise<CountryCode>,
  identify: typeof identifyCaller = identifyCaller,
  ask?: CrmAsk,
): (call: RingingCall) => Promise<CallerIdentity> {
  const known = new Map<string, Promise<CallerIdentity>>();
  return (call) => {
    let identity = known.get(call.id);
    if (!identity) {
      identity = country().then((c) =>
        identify(call.remoteNumber, {
          country: c,
          ...(call.remoteName ? { sipName: call.remoteName } : {}),
          ...(ask ? { ask } : {}),
        }),
      );
      known.set(call.id, identity);
      if (known.size > 50) known.delete(known.keys().next().value!);
    }
    return identity;
  };
}

/** The identity a call carries by itself: its number and the SIP display name. */
export function sipIdentity(call: RingingCall): CallerIdentity {
  return call.remoteName
    ? { number: call.remoteNumber, name: call.remoteName, source: 'sip' }
    : { number: call.remoteNumber, source: 'none' };
}

/**
 * Keeps `callersItem` (call id → CRM name and record) in step with the calls of each snapshot,
 * for the popup. Only CRM answers are kept: the SIP name is in the snapshot already.
 */
export async function publishCallers(
  calls: readonly RingingCall[],
  identify: (call: RingingCall) => Promise<CallerIdentity>,
): Promise<void> {
  const next: Record<string, { name?: string; recordUrl?: string }> = {};
  for (const call of calls) {
    const identity = await identify(call).catch(() => undefined);
    if (identity?.source !== 'crm') continue;
    next[call.id] = {
      ...(identity.name ? { name: identity.name } : {}),
      ...(identity.recordUrl ? { recordUrl: identity.recordUrl } : {}),
    };
  }
  const now = await callersItem.getValue();
  if (JSON.stringify(now) !== JSON.stringify(next)) await callersItem.setValue(next);
}

/** A callback target with the CRM contact's name and record filled in where the cache knows. */
export async function withKnownContact<T extends { number: string; name?: string }>(
  target: T,
): Promise<T & { contactUrl?: string }> {
  const known = await lookupContact(target.number).catch(() => undefined);
  const name = target.name ?? known?.name;
  return {
    ...target,
    ...(name ? { name } : {}),
    ...(known?.recordUrl ? { contactUrl: known.recordUrl } : {}),
  };
}
