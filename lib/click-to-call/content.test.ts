/**
 * The content script's lifecycle (runClickToCall): which adapter runs, and what happens to a
 * change that arrives while a session is still starting.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { contentMessaging } from '../content-messaging';
import { crmHostsItem, siteModeItem } from '../storage/site-settings';
import { runClickToCall, type Lifecycle } from './content';

const URL_LIST = 'https://crm.example.com/index.php?module=Contacts&view=List';

/** WXT's content-script context, as much of it as runClickToCall uses. */
function fakeContext(): { ctx: Lifecycle; invalidate(): void } {
  const controller = new AbortController();
  const ctx = {
    signal: controller.signal,
    onInvalidated(callback: () => void) {
      controller.signal.addEventListener('abort', callback);
      return () => controller.signal.removeEventListener('abort', callback);
    },
    addEventListener() {},
  } as unknown as Lifecycle;
  return { ctx, invalidate: () => controller.abort() };
}

const controls = () => [...document.querySelectorAll('callbridge-call')];
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

let context: ReturnType<typeof fakeContext> | undefined;

/**
 * The background's side of the messages: `config` answers 'content:config'; every other message
 * (call cards, contacts) fails, as with no background listening.
 */
function background(config: () => unknown): void {
  vi.spyOn(contentMessaging, 'sendMessage').mockImplementation((async (type: string) => {
    if (type === 'content:config') return config();
    throw new Error('Could not establish connection. Receiving end does not exist.');
  }) as never);
}

beforeEach(async () => {
  fakeBrowser.reset();
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(URL_LIST);
  // A number in text (every adapter links it) and a vTiger PBX Manager link, whose text is not
  // a number: only the vTiger adapter takes it over.
  document.body.innerHTML =
    '<p id="text">Тел.: 8 916 123-45-67</p>' +
    '<a id="pbx" class="phoneField" data-value="+74951234567" href="#">позвонить</a>';
  await siteModeItem.setValue('crm');
  // happy-dom lays nothing out, so its IntersectionObserver never reports: without one the
  // linker puts every control in at once.
  vi.stubGlobal('IntersectionObserver', undefined);
  // @webext-core/messaging's listener clean-up (when a session stops) names `chrome`.
  vi.stubGlobal('chrome', fakeBrowser);
});

afterEach(() => {
  context?.invalidate();
  context = undefined;
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('runClickToCall', () => {
  it("follows a change of the site's CRM that arrives while the session is still starting", async () => {
    await crmHostsItem.setValue([{ host: 'crm.example.com', crm: 'vtiger' }]);
    // The background answers the session's first question only when the test says so.
    let answer: (config: { defaultCountry: string }) => void = () => undefined;
    let asked = 0;
    background(() => {
      asked++;
      return asked === 1 ? new Promise((resolve) => (answer = resolve)) : { defaultCountry: 'RU' };
    });
    context = fakeContext();
    void runClickToCall(context.ctx);
    await until(() => asked === 1);

    // While the vTiger session starts, the user says this host is a retailCRM.
    await crmHostsItem.setValue([{ host: 'crm.example.com', crm: 'retailcrm' }]);
    await new Promise((r) => setTimeout(r, 50));
    answer({ defaultCountry: 'RU' });

    // The change is not lost: the vTiger session is replaced by a retailCRM one, which reads
    // the number in the text but leaves vTiger's PBX link alone.
    await until(() => asked === 2);
    await until(() => controls().length === 1);
    expect(document.querySelector('#pbx + callbridge-call')).toBeNull();
    expect(document.querySelector('#text callbridge-call')).not.toBeNull();
  });

  it('takes vTiger PBX links over with the vTiger adapter', async () => {
    await crmHostsItem.setValue([{ host: 'crm.example.com', crm: 'vtiger' }]);
    background(() => ({ defaultCountry: 'RU' }));
    context = fakeContext();
    void runClickToCall(context.ctx);
    await until(() => controls().length === 2);
    expect(document.querySelector('#pbx + callbridge-call')).not.toBeNull();
    // Turned off: every control goes.
    await siteModeItem.setValue('off');
    await until(() => controls().length === 0);
  });
});
