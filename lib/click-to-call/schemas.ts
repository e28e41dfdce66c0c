/**
 * Schemas for everything content scripts send (lib/content-messaging.ts). A CRM page is not
 * trusted: a page script cannot reach our messaging, but a compromised or buggy content script
 * context could still send anything, so every message is parsed before use.
 */
import * as v from 'valibot';

export const E164 = v.pipe(v.string(), v.regex(/^\+[1-9]\d{6,14}$/));
export const EXTENSION = v.pipe(v.string(), v.regex(/^\d{1,10}$/));
const CRM = v.picklist(['vtiger', 'retailcrm', 'generic']);

export const DialRequestSchema = v.object({
  number: E164,
  ext: v.optional(EXTENSION),
  source: v.object({ crm: CRM, page: v.optional(v.pipe(v.string(), v.maxLength(64))) }),
});

export const PointerSchema = v.nullable(v.object({ number: E164, ext: v.optional(EXTENSION) }));

export const CallbackSchema = v.object({
  number: E164,
  minutes: v.picklist([10, 30, 60]),
});

/** Plain text: no control characters, no markup brackets, at most 200 characters. */
const NAME = v.pipe(
  v.string(),
  v.transform((s) => s.replace(/\s+/g, ' ').trim()),
  v.minLength(1),
  v.maxLength(200),
  v.regex(/^[^\p{Cc}<>]*$/u),
);
const HTTP_URL = v.pipe(v.string(), v.maxLength(2048), v.url(), v.regex(/^https?:\/\//i));

export const ContactsSchema = v.object({
  crm: CRM,
  contacts: v.pipe(
    v.array(v.object({ number: E164, name: v.optional(NAME), recordUrl: v.optional(HTTP_URL) })),
    v.maxLength(500),
  ),
  searchUrl: v.optional(HTTP_URL),
});

/** A content script's answer to "who is this number" (bg:lookup). */
export const LookupAnswerSchema = v.nullable(
  v.object({ name: v.optional(NAME), recordUrl: v.optional(HTTP_URL) }),
);

export type ContactsBatch = v.InferOutput<typeof ContactsSchema>;
