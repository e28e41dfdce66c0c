/**
 * A CRM's search for a number, from the template an adapter gives (adapters/types.ts
 * `searchUrl`): `{number}` becomes the E.164 number (URL-encoded), `{digits}` the same without
 * the `+`. Shared by the caller-ID cache (the link offered for an unknown caller) and the
 * content script's lookup (the search it runs).
 */
export function fillSearchUrl(template: string, number: string): string {
  return template
    .replaceAll('{number}', encodeURIComponent(number))
    .replaceAll('{digits}', number.replace(/^\+/, ''));
}
