/** Any web page: the generic adapter is the registry's fallback and recognises every page. */
import type { PageDetector } from '../types';

export const genericPages: readonly PageDetector[] = [
  {
    id: 'generic:any',
    examples: [
      'https://mail.example.com/inbox/123',
      'https://intranet.example.org/people/ivanov',
      'https://example.bitrix24.ru/crm/contact/details/15/',
    ],
    matches: (url) => url.protocol === 'https:' || url.protocol === 'http:',
  },
];
