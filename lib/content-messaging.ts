import { defineExtensionMessaging } from '@webext-core/messaging';
import type { CardActionRequest } from './card/schemas';
import type { CardsView } from './card/state';

/**
 * The content script ↔ background channel, separate from the extension pages' `phone:*`
 * protocol (lib/messaging.ts), which content scripts may not use. Content scripts run inside
 * CRM pages, so everything they send is treated as untrusted input: the background validates
 * each message with valibot (lib/click-to-call/schemas.ts) and checks the sender is a tab on a
 * site where click-to-call is on. Content scripts never see the SIP account.
 */

export type CrmSource = 'vtiger' | 'retailcrm' | 'generic';

export interface DialRequest {
  /** E.164: `+74951234567`. */
  number: string;
  /** Digits to dial once the call connects. */
  ext?: string;
  source: { crm: CrmSource; page?: string };
}

export type DialResult = { ok: true } | { ok: false; error: string };

export interface SeenContact {
  number: string;
  name?: string;
  recordUrl?: string;
}

export interface ContentConfig {
  /** The region numbers without `+` are read in (settings, or guessed from the browser). */
  defaultCountry: string;
}

export interface ContentProtocol {
  /** A trusted click (or Enter) on a number: place the call. */
  'content:dial'(request: DialRequest): DialResult;
  /** The number under the pointer when a context menu opens, or null when there is none. */
  'content:pointer'(target: { number: string; ext?: string } | null): void;
  /** "Call back in N minutes" chosen from the page (the context menu sends it itself). */
  'content:callback'(request: { number: string; minutes: 10 | 30 | 60 }): DialResult;
  /** Numbers seen next to a contact's name or record, for the caller-ID cache. */
  'content:contacts'(batch: { crm: CrmSource; contacts: SeenContact[]; searchUrl?: string }): void;
  'content:config'(): ContentConfig;
  /** Background → content script: copy this number (the context menu's "Copy number"). */
  'bg:copy'(number: string): boolean;
  /** Background → content script: ask this CRM who `number` is (its search, read inert). */
  'bg:lookup'(number: string): { name?: string; recordUrl?: string } | null;
  /** The open call cards (lib/card), asked once when a tab's session starts. */
  'content:cards'(): CardsView;
  /** A trusted click on a call card: close it everywhere, answer, call back, remind… */
  'content:card-action'(request: CardActionRequest): DialResult;
  /** Background → every CRM tab: the call cards changed. */
  'bg:cards'(cards: CardsView): void;
}

export const contentMessaging = defineExtensionMessaging<ContentProtocol>();
