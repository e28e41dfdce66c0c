import type { CallMediaStats } from './stats';
import type {
  CommandResult,
  HostConfig,
  PhoneCommand,
  PhoneSnapshot,
  SipAccount,
  TestConnectionResult,
} from './types';

/**
 * How the background reaches the one phone host: across runtime messaging to the offscreen
 * document in Chrome (offscreen-link.ts), or by direct calls in Firefox's background page
 * (in-process-link.ts).
 */
export interface PhoneLink {
  /** Makes sure the host exists (Chrome: creates the offscreen document if it died). */
  ensure(): Promise<void>;
  configure(config: HostConfig): Promise<void>;
  command(cmd: PhoneCommand): Promise<CommandResult>;
  snapshot(): Promise<PhoneSnapshot>;
  testConnection(account: SipAccount): Promise<TestConnectionResult>;
  stats(): Promise<CallMediaStats[]>;
  /**
   * Copies text to the clipboard from the host's document (lib/clipboard.ts), which may write to
   * it at any time, unlike a CRM page. False when the browser refused.
   */
  copyText(text: string): Promise<boolean>;
}

export interface LinkEvents {
  /** The host asks for its settings (first start, or after it was recreated). */
  loadConfig(): Promise<HostConfig>;
  /** The host reports a new state. */
  changed(snapshot: PhoneSnapshot): void;
}
