/**
 * vTiger's screens, recognised by URL. vTiger can live on any host and under any path
 * (self-hosted), so detectors look only at `index.php` and its `module` and `view` parameters.
 */
import type { PageDetector } from '../types';

function vtigerView(url: URL, view: string, extra?: (params: URLSearchParams) => boolean): boolean {
  if (!/(?:^|\/)(?:index\.php)?$/.test(url.pathname)) return false;
  const params = url.searchParams;
  if (!params.get('module') || params.get('view') !== view) return false;
  return extra ? extra(params) : true;
}

export const vtigerPages: readonly PageDetector[] = [
  {
    id: 'vtiger:list',
    examples: [
      'https://crm.example.com/index.php?module=Contacts&view=List&app=MARKETING',
      'http://192.168.1.20/vtigercrm/index.php?module=Leads&view=List&viewname=1',
      'https://example.od2.vtiger.com/index.php?module=Accounts&view=List&app=SALES',
    ],
    matches: (url) => vtigerView(url, 'List'),
  },
  {
    id: 'vtiger:detail',
    examples: [
      'https://crm.example.com/index.php?module=Contacts&view=Detail&record=5&app=MARKETING',
      'https://crm.example.com/index.php?module=Contacts&view=Detail&record=5&mode=showDetailViewByMode&requestMode=full&tab_label=Contact%20Details',
      'http://crm.local:8080/index.php?module=Leads&view=Detail&record=12',
    ],
    matches: (url) => vtigerView(url, 'Detail', (p) => p.get('mode') !== 'showRelatedList'),
  },
  {
    id: 'vtiger:related',
    examples: [
      'https://crm.example.com/index.php?module=Accounts&relatedModule=Contacts&view=Detail&record=2&mode=showRelatedList&relationId=1&tab_label=Contacts&app=MARKETING',
    ],
    matches: (url) => vtigerView(url, 'Detail', (p) => p.get('mode') === 'showRelatedList'),
  },
  {
    id: 'vtiger:edit',
    examples: [
      'https://crm.example.com/index.php?module=Contacts&view=Edit&record=5&app=MARKETING',
      'https://crm.example.com/index.php?module=Leads&view=Edit',
    ],
    matches: (url) => vtigerView(url, 'Edit'),
  },
  {
    id: 'vtiger:popup',
    examples: [
      'https://crm.example.com/index.php?module=Contacts&view=Popup&src_module=Potentials&src_field=contact_id',
    ],
    matches: (url) => vtigerView(url, 'Popup'),
  },
];
