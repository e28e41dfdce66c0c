/**
 * What an adapter is: the DOM engine's ScanProfile (lib/dom/types.ts) for one CRM, plus the
 * CRM's identity, the page detectors (each carrying the example URLs it must recognise) and,
 * where the page tells them, the region numbers are written in and a search URL for numbers
 * the CRM does not know yet. See README.md in this folder for how to add one.
 */
import type { CountryCode } from '../lib/phone';
import type { ScanProfile } from '../lib/dom/types';

export type CrmId = 'vtiger' | 'retailcrm' | 'generic';

export interface PageDetector {
  /** `crm:page`, e.g. `vtiger:list`. */
  id: string;
  /** URLs of real (or, for retailCRM, realistic) pages of this kind. A meta test checks them. */
  examples: readonly string[];
  matches(url: URL): boolean;
}

export interface Adapter extends ScanProfile {
  id: CrmId;
  /** The CRM's name as users know it (not translated: it is a product name). */
  name: string;
  /** The kinds of page this adapter recognises. Generic has one that matches any web page. */
  pages: readonly PageDetector[];
  /** The region of the record on screen (retailCRM: the order's country), over the settings. */
  region?(doc: Document): CountryCode | undefined;
  /**
   * Where to look up a number the CRM does not know: an absolute URL with `{number}` (E.164) or
   * `{digits}` (the same without the `+`) in it, for the caller-ID screen pop.
   */
  searchUrl?(doc: Document): string | undefined;
}
