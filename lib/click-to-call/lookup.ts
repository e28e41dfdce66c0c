/**
 * Asking the CRM who a number belongs to, from inside a CRM tab: the content script fetches the
 * CRM's own search for the number (same origin, the user's session) and reads the result page
 * with the adapter that reads the CRM's live pages. The page is parsed inert (DOMParser: no
 * scripts run, nothing loads) and never shown. Only a row whose number is exactly the caller's
 * counts: a CRM search that ignores the filter cannot name the wrong person.
 */
import type { Adapter } from '../../adapters';
import { fillSearchUrl } from '../calls/search-url';
import type { ContactHint } from '../dom/types';
import { findPhoneNumbers, type CountryCode } from '../phone';

const LOOKUP_TIMEOUT_MS = 3_000;

/** The search URL for `number` from the adapter's template, or undefined if it has none. */
export function searchUrlFor(adapter: Adapter, doc: Document, number: string): string | undefined {
  const template = adapter.searchUrl?.(doc);
  return template ? fillSearchUrl(template, number) : undefined;
}

/** The contact on a CRM page (a search result) whose phone field holds `number`. */
export function contactOnPage(
  adapter: Adapter,
  page: Document,
  number: string,
  country: CountryCode,
): ContactHint | undefined {
  for (const field of adapter.fields(page.body)) {
    if (field?.kind !== 'phone') continue;
    const text = field.element.textContent ?? '';
    const found = findPhoneNumbers(text, { defaultCountry: country, label: 'phone' });
    if (!found.some((match) => match.number === number)) continue;
    const contact = adapter.contactFor?.(field.element);
    if (contact?.name || contact?.recordUrl) return contact;
  }
  return undefined;
}

/** Fetches the CRM's search for `number` and reads who it is; undefined when nobody is. */
export async function lookupInCrm(
  adapter: Adapter,
  doc: Document,
  number: string,
  country: CountryCode,
): Promise<ContactHint | undefined> {
  const url = searchUrlFor(adapter, doc, number);
  if (!url || new URL(url).origin !== new URL(doc.URL).origin) return undefined;
  const response = await fetch(url, {
    credentials: 'same-origin',
    redirect: 'error',
    signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
  });
  if (!response.ok || !/^text\/html\b/i.test(response.headers.get('content-type') ?? ''))
    return undefined;
  const page = new DOMParser().parseFromString(await response.text(), 'text/html');
  // Links in the result resolve against the search page, as they would in the CRM.
  const base = page.createElement('base');
  base.href = url;
  page.head.prepend(base);
  return contactOnPage(adapter, page, number, country);
}
