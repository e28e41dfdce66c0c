/**
 * Opens the customer phone page in a browser context and gives typed access to window.customer.
 */
import type { BrowserContext, Page } from 'playwright';
import type { CustomerEvent, CustomerState, CustomerStats } from '../customer/customer';

export interface CustomerPageOptions {
  /** Base URL of the static server that serves tests/customer under /customer/. */
  baseUrl: string;
  wsUrl: string;
  user: string;
  password: string;
  domain?: string;
  autoAnswer?: boolean;
  autoRegister?: boolean;
  loopbackOnly?: boolean;
  stripTelephoneEvent?: boolean;
  debug?: boolean;
}

export interface CustomerPage {
  page: Page;
  register(): Promise<void>;
  call(target: string, opts?: { fromUser?: string; fromDisplay?: string }): Promise<void>;
  answer(): Promise<void>;
  decline(status?: number): Promise<void>;
  hangup(): Promise<void>;
  hold(): Promise<void>;
  unhold(): Promise<void>;
  sendDtmf(tones: string, transport?: 'INFO' | 'RFC2833'): Promise<void>;
  state(): Promise<CustomerState>;
  stats(): Promise<CustomerStats>;
  events(): Promise<CustomerEvent[]>;
  /** The first `type` event at or after `since` (epoch ms, default: any time). */
  waitForEvent(type: string, since?: number, timeoutMs?: number): Promise<CustomerEvent>;
}

export function customerUrl(o: CustomerPageOptions): string {
  const q = new URLSearchParams({
    ws: o.wsUrl,
    user: o.user,
    password: o.password,
    domain: o.domain ?? '127.0.0.1',
    autoAnswer: o.autoAnswer ? '1' : '0',
    autoRegister: o.autoRegister === false ? '0' : '1',
    loopbackOnly: o.loopbackOnly === false ? '0' : '1',
    stripTelephoneEvent: o.stripTelephoneEvent ? '1' : '0',
    debug: o.debug ? '1' : '0',
  });
  return `${o.baseUrl}/customer/?${q.toString()}`;
}

export async function openCustomer(
  context: BrowserContext,
  opts: CustomerPageOptions,
): Promise<CustomerPage> {
  const page = await context.newPage();
  await page.goto(customerUrl(opts));
  await page.waitForFunction(() => typeof window.customer !== 'undefined');
  return {
    page,
    register: () => page.evaluate(() => window.customer.register()),
    call: (target, callOpts) =>
      page.evaluate(([t, o]) => window.customer.call(t, o), [target, callOpts ?? {}] as const),
    answer: () => page.evaluate(() => window.customer.answer()),
    decline: (status) => page.evaluate((s) => window.customer.decline(s), status),
    hangup: () => page.evaluate(() => window.customer.hangup()),
    hold: () => page.evaluate(() => window.customer.hold()),
    unhold: () => page.evaluate(() => window.customer.unhold()),
    sendDtmf: (tones, transport) =>
      page.evaluate(([t, tr]) => window.customer.sendDtmf(t, tr), [tones, transport] as const),
    state: () => page.evaluate(() => window.customer.state()),
    stats: () => page.evaluate(() => window.customer.stats()),
    events: () => page.evaluate(() => window.customer.events),
    waitForEvent: (type, since = 0, timeoutMs = 15_000) =>
      page.evaluate(
        ([ty, s, ms]) => window.customer.waitForEvent(ty, { since: s, timeoutMs: ms }),
        [type, since, timeoutMs] as const,
      ),
  };
}
