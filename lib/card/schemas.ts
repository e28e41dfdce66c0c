/**
 * What a CRM tab may ask of its call card (lib/content-messaging.ts 'content:card-action'),
 * parsed before use like everything a content script sends (see lib/click-to-call/schemas.ts).
 */
import * as v from 'valibot';

export const CardActionRequestSchema = v.object({
  callId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)),
  action: v.variant('type', [
    v.object({ type: v.literal('close') }),
    v.object({ type: v.literal('answer') }),
    v.object({ type: v.literal('decline') }),
    v.object({ type: v.literal('call-back') }),
    v.object({ type: v.literal('open') }),
    v.object({ type: v.literal('remind'), minutes: v.picklist([10, 30, 60]) }),
  ]),
});

export type CardActionRequest = v.InferOutput<typeof CardActionRequestSchema>;
export type CardAction = CardActionRequest['action'];
