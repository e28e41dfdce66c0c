import { defineExtensionMessaging } from '@webext-core/messaging';
import type { CallMediaStats } from './sip/stats';
import type {
  CommandResult,
  PhoneCommand,
  PhoneSnapshot,
  SipAccount,
  TestConnectionResult,
} from './sip/types';

/**
 * The extension pages (popup, options, notification windows) ↔ background channel. The
 * background only answers these for senders that are our own extension pages (see
 * `isExtensionPage`); content scripts get their own, narrower protocol.
 */
export interface UiProtocol {
  'phone:command'(cmd: PhoneCommand): CommandResult;
  'phone:snapshot'(): PhoneSnapshot;
  'phone:test-connection'(account: SipAccount): TestConnectionResult;
  'phone:stats'(): CallMediaStats[];
}

export const uiMessaging = defineExtensionMessaging<UiProtocol>();

/**
 * True for messages sent by our own extension pages (popup, options, the call window — in a tab
 * or not), false for content scripts, whose sender URL is the web page's.
 */
export function isExtensionPage(
  sender: { url?: string; id?: string },
  selfId: string,
  selfOrigin: string,
): boolean {
  return (
    sender.id === selfId && typeof sender.url === 'string' && sender.url.startsWith(selfOrigin)
  );
}
