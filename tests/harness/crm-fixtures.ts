/**
 * The saved CRM pages, served the way the CRMs serve them: vTiger's pages under `/vtiger/` (its
 * `index.php` URLs answered with the saved pages, so its record links and list search resolve),
 * the retailCRM pages under `/retailcrm/`. Used by end-to-end tests and by the demo.
 */
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');

export const CRM_FIXTURE_ROOTS: Record<string, string> = {
  '/vtiger': resolve(ROOT, 'adapters/vtiger/fixtures'),
  '/retailcrm': resolve(ROOT, 'adapters/retailcrm/fixtures'),
};

/** vTiger's `index.php`: the contacts list for list views (and searches), else a contact. */
export function vtigerFixtureRoutes(url: URL): string | undefined {
  if (url.pathname !== '/vtiger/index.php') return undefined;
  return url.searchParams.get('view') === 'List'
    ? '/vtiger/contacts-list.html'
    : '/vtiger/contact-detail.html';
}
