import * as v from 'valibot';
import type { PhoneCommand } from './types';

/**
 * The schema every phone command passes before it reaches the phone. Commands come from our
 * own pages, but content scripts forward page-derived text (numbers), so the background treats
 * them as outside input: bounded strings, a closed set of command types, DTMF alphabet only.
 */
const callId = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const target = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(256));

export const PhoneCommandSchema = v.variant('type', [
  v.strictObject({
    type: v.literal('dial'),
    target,
    ext: v.optional(v.pipe(v.string(), v.regex(/^[0-9*#]{1,16}$/))),
  }),
  v.strictObject({ type: v.literal('answer'), callId }),
  v.strictObject({ type: v.literal('decline'), callId, busy: v.optional(v.boolean()) }),
  v.strictObject({ type: v.literal('hangup'), callId }),
  v.strictObject({ type: v.literal('hold'), callId, on: v.boolean() }),
  v.strictObject({ type: v.literal('mute'), callId, on: v.boolean() }),
  v.strictObject({
    type: v.literal('dtmf'),
    callId,
    tones: v.pipe(v.string(), v.regex(/^[0-9A-Da-d*#,]{1,32}$/)),
  }),
  v.strictObject({ type: v.literal('blind-transfer'), callId, target }),
  v.strictObject({ type: v.literal('attended-transfer'), callId, consultCallId: callId }),
  v.strictObject({ type: v.literal('set-enabled'), on: v.boolean() }),
]);

// The schema and the hand-written union must describe the same thing.
type SchemaOutput = v.InferOutput<typeof PhoneCommandSchema>;
const _sameShape: (c: SchemaOutput) => PhoneCommand = (c) => c;
void _sameShape;

export function parsePhoneCommand(input: unknown): PhoneCommand | null {
  const result = v.safeParse(PhoneCommandSchema, input);
  return result.success ? result.output : null;
}
