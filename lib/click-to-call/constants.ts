/** Shared by the background (registration) and the settings page (injection into open tabs). */
export const CONTENT_SCRIPT_ID = 'callbridge-crm';
/** WXT's output path for entrypoints/crm.content.ts. */
export const CONTENT_SCRIPT_FILE = '/content-scripts/crm.js' as const;
