import * as v from 'valibot';
import type { SipAccount } from '../sip/types';

/**
 * Validation of the SIP account form. Each message is an i18n key, so the options page can
 * explain a bad value in the user's language; nothing invalid is saved, nothing is silently
 * dropped.
 */
export type AccountErrorKey =
  'errWsUrl' | 'errSipUri' | 'errAuthUser' | 'errPassword' | 'errDisplayName';

// Control characters would corrupt the SIP From header the display name goes into.
// eslint-disable-next-line no-control-regex
const noControlChars = /^[^\u0000-\u001f\u007f]*$/;

const wsUrl = v.pipe(
  v.string(),
  v.trim(),
  v.check((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'ws:' || u.protocol === 'wss:') && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'errWsUrl'),
);

// sip:user@host[:port][;params] — what every PBX hands out; user part is required for a phone.
const sipUri = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^sips?:[^@\s:;]+@(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(;[^\s]*)?$/, 'errSipUri'),
);

export const SipAccountSchema = v.strictObject({
  wsUrl,
  sipUri,
  authUser: v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(128, 'errAuthUser'),
    v.regex(/^[^\s]*$/, 'errAuthUser'),
  ),
  password: v.pipe(v.string(), v.minLength(1, 'errPassword'), v.maxLength(256, 'errPassword')),
  displayName: v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(64, 'errDisplayName'),
    v.regex(noControlChars, 'errDisplayName'),
  ),
});

export type AccountErrors = Partial<Record<keyof SipAccount, AccountErrorKey>>;

export function validateAccount(
  input: SipAccount,
): { ok: true; account: SipAccount } | { ok: false; errors: AccountErrors } {
  const result = v.safeParse(SipAccountSchema, input);
  if (result.success) return { ok: true, account: result.output };
  const errors: AccountErrors = {};
  for (const issue of result.issues) {
    const key = issue.path?.[0]?.key;
    if (typeof key === 'string' && key in input)
      errors[key as keyof SipAccount] ??= issue.message as AccountErrorKey;
  }
  return { ok: false, errors };
}
