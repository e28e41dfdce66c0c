import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { registrationLabel } from '../labels';
import { IncomingCallNotifier } from '../calls/incoming-notification';
import { isExtensionPage, uiMessaging } from '../messaging';
import { logger, setDebugLogging } from '../log';
import {
  audioDevicesItem,
  callWindowItem,
  debugLoggingItem,
  phoneEnabledItem,
  phonePrefsItem,
  phoneSnapshotItem,
  sipAccountItem,
} from '../storage/items';
import { parsePhoneCommand } from './commands';
import type { PhoneLink, LinkEvents } from './link';
import type { CommandResult, HostConfig, PhoneSnapshot } from './types';

const log = logger('bg');
const KEEPALIVE_ALARM = 'callbridge:phone-keepalive';

/** Build-time switches: test and demo builds run on a loopback-only network. */
const LOOPBACK_ONLY = import.meta.env.WXT_CALLBRIDGE_LOOPBACK === '1';

export async function loadHostConfig(): Promise<HostConfig> {
  const [account, enabled, devices, prefs, debug] = await Promise.all([
    sipAccountItem.getValue(),
    phoneEnabledItem.getValue(),
    audioDevicesItem.getValue(),
    phonePrefsItem.getValue(),
    debugLoggingItem.getValue(),
  ]);
  return {
    account,
    enabled,
    devices,
    dtmfMode: prefs.dtmfMode,
    iceServers: prefs.iceServers,
    debug,
    loopbackOnly: LOOPBACK_ONLY,
  };
}

/**
 * The background half of the phone: keeps the host alive and configured, answers the extension
 * pages, mirrors the host's state into session storage (the popup watches it), and shows the
 * incoming-call notifications. Everything is registered synchronously from `main()`, so a
 * service worker woken by an event finds its listeners in place.
 */
export function startPhoneService(makeLink: (events: LinkEvents) => PhoneLink): {
  link: PhoneLink;
  notifier: IncomingCallNotifier;
} {
  const events: LinkEvents = {
    loadConfig: loadHostConfig,
    changed: (snapshot) => void onSnapshot(snapshot),
  };
  const link = makeLink(events);
  const notifier = new IncomingCallNotifier((cmd) => link.command(cmd), openCallView);
  notifier.listen();

  async function onSnapshot(snapshot: PhoneSnapshot): Promise<void> {
    await phoneSnapshotItem.setValue(snapshot);
    await Promise.all([notifier.sync(snapshot), showStatus(snapshot)]);
  }

  const selfOrigin = browser.runtime.getURL('/');
  const fromOurPages = (sender: Parameters<typeof isExtensionPage>[0]) =>
    isExtensionPage(sender, browser.runtime.id, selfOrigin);

  uiMessaging.onMessage('phone:command', async ({ data, sender }): Promise<CommandResult> => {
    if (!fromOurPages(sender)) return { ok: false, error: 'internal', detail: 'not allowed' };
    const cmd = parsePhoneCommand(data);
    if (!cmd) return { ok: false, error: 'internal', detail: 'malformed command' };
    return link.command(cmd);
  });
  uiMessaging.onMessage('phone:snapshot', async ({ sender }) => {
    if (!fromOurPages(sender)) throw new Error('not allowed');
    const snapshot = await link.snapshot();
    await phoneSnapshotItem.setValue(snapshot);
    return snapshot;
  });
  uiMessaging.onMessage('phone:test-connection', ({ data, sender }) => {
    if (!fromOurPages(sender)) throw new Error('not allowed');
    return link.testConnection(data);
  });
  uiMessaging.onMessage('phone:stats', ({ sender }) => {
    if (!fromOurPages(sender)) throw new Error('not allowed');
    return link.stats();
  });

  // Settings changed in the options page (or another window): the host applies them and
  // restarts the user agent only when the account itself changed.
  const reconfigure = () => void loadHostConfig().then((config) => link.configure(config));
  for (const item of [sipAccountItem, phoneEnabledItem, audioDevicesItem, phonePrefsItem])
    item.watch(reconfigure);
  debugLoggingItem.watch((on) => {
    setDebugLogging(on);
    reconfigure();
  });

  // The alarm wakes the worker twice a minute to make sure the host exists: it recreates an
  // offscreen document that crashed or was closed. It costs nothing while the document is up.
  void browser.alarms.create(KEEPALIVE_ALARM, { periodInMinutes: 0.5 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === KEEPALIVE_ALARM) void link.ensure();
  });

  void debugLoggingItem.getValue().then(setDebugLogging);
  void link.ensure().catch((err: unknown) => log('could not start the phone host: %o', err));
  return { link, notifier };
}

/** The toolbar icon tells the phone's state at a glance: a red "!" when it cannot register. */
async function showStatus(snapshot: PhoneSnapshot): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  const ringing = snapshot.calls.some((c) => c.status === 'incoming');
  const status = snapshot.registration.status;
  const broken =
    status === 'waiting-retry' || (status === 'registering' && !!snapshot.registration.error);
  await action.setBadgeText({ text: ringing ? '☎' : broken ? '!' : '' });
  await action.setBadgeBackgroundColor({ color: ringing ? '#1a7f37' : '#c62828' });
  await action.setTitle({ title: `${i18n.t('extName')} — ${registrationLabel(status)}` });
}

/** Opens (or focuses) a small window with the popup's call view. */
async function openCallView(): Promise<void> {
  const known = await callWindowItem.getValue();
  if (known !== null) {
    try {
      await browser.windows.update(known, { focused: true });
      return;
    } catch {
      // The user closed it; open a new one.
    }
  }
  const url = browser.runtime.getURL('/popup.html?view=call');
  const win = await browser.windows.create({
    url,
    type: 'popup',
    width: 380,
    height: 620,
    focused: true,
  });
  await callWindowItem.setValue(win?.id ?? null);
}
