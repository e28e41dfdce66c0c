/**
 * The ordered registry of CRM adapters. The first adapter with a page detector that matches the
 * URL wins; generic is last and matches any web page. A host the user configured as a CRM
 * (self-hosted vTiger can live anywhere) gets that CRM's adapter whatever its URL looks like.
 * A meta test (index.test.ts) checks that every folder here is registered and has fixtures, and
 * that each detector matches its own example URLs and no other adapter's.
 */
import { generic } from './generic';
import { retailcrm } from './retailcrm';
import type { Adapter, CrmId, PageDetector } from './types';
import { vtiger } from './vtiger';

export type { Adapter, CrmId, PageDetector } from './types';

export const ADAPTERS: readonly Adapter[] = [vtiger, retailcrm, generic];

export function adapterById(id: CrmId): Adapter {
  const adapter = ADAPTERS.find((a) => a.id === id);
  if (!adapter) throw new Error(`no adapter ${id}`);
  return adapter;
}

/** The adapter and page kind for a URL: the first match in registry order (generic last). */
export function detectPage(
  url: URL,
  forced?: CrmId,
): { adapter: Adapter; page: PageDetector | undefined } {
  if (forced) {
    const adapter = adapterById(forced);
    return { adapter, page: adapter.pages.find((p) => p.matches(url)) };
  }
  for (const adapter of ADAPTERS) {
    const page = adapter.pages.find((p) => p.matches(url));
    if (page) return { adapter, page };
  }
  return { adapter: generic, page: undefined };
}
