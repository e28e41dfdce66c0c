import { defineExtensionMessaging } from '@webext-core/messaging';
import type { CallMediaStats } from './stats';
import type {
  CommandResult,
  HostConfig,
  PhoneSnapshot,
  SipAccount,
  TestConnectionResult,
} from './types';

/**
 * Background ↔ offscreen document (Chrome only: in Firefox the host lives in the background
 * page and is called directly). The offscreen document can use no extension API but
 * chrome.runtime, so everything it needs — settings included — arrives through here.
 */
export interface HostProtocol {
  /** background → host */
  'host:configure'(config: HostConfig): void;
  'host:command'(cmd: unknown): CommandResult;
  'host:snapshot'(): PhoneSnapshot;
  'host:test-connection'(account: SipAccount): TestConnectionResult;
  'host:stats'(): CallMediaStats[];
  'host:copy'(text: string): boolean;
  /** host → background: the host (re)started and needs its settings. */
  'host:hello'(): HostConfig | null;
  /** host → background: something changed. Also wakes a stopped service worker. */
  'host:changed'(snapshot: PhoneSnapshot): void;
}

export const hostMessaging = defineExtensionMessaging<HostProtocol>();
