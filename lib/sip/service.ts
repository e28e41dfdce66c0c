import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { registrationLabel } from '../labels';
import { sipIdentity, type CallerIdentity } from '../calls/caller-identity';
import { IncomingCallNotifier } from '../calls/incoming-notification';
import { isExtensionPage, uiMessaging } from '../messaging';
import { logger, setDebugLogging } from '../log';
import {
  audioDevicesItem,
  debugLoggingItem,
  phoneEnabledItem,
  phonePrefsItem,
  phoneSnapshotItem,
  sipAccountItem,
} from '../storage/items';
import { openCallWindow } from './call-window';
import { parsePhoneCommand } from './commands';
import type { PhoneLink, LinkEvents } from './link';
import type { CallView, CommandResult, HostConfig, PhoneSnapshot } from './types';

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
export interface PhoneService {
  link: PhoneLink;
  notifier: IncomingCallNotifier;
  /** The call log's counts for the toolbar badge (missed numbers, due callback tasks). */
  showCounts(counts: BadgeCounts): Promise<void>;
  /** Opens (or focuses) the small popup window on one of its views (history: of one number). */
  openView(view: PopupView, number?: string): Promise<void>;
}

export interface BadgeCounts {
  missed: number;
  dueTasks: number;
}

export type PopupView = 'call' | 'missed' | 'tasks' | 'history';

export function startPhoneService(
  makeLink: (events: LinkEvents) => PhoneLink,
  hooks: {
    onSnapshot?: (snapshot: PhoneSnapshot) => void;
    remindLater?: (call: { number: string; name?: string }, minutes: number) => Promise<void>;
    /** Who is calling (lib/calls/caller-identity.ts). */
    identify?: (call: CallView) => Promise<CallerIdentity>;
    /** Whether a ringing call's desktop notification can be left out (a call card is in front). */
    quiet?: () => Promise<boolean>;
  } = {},
): PhoneService {
  const events: LinkEvents = {
    loadConfig: loadHostConfig,
    changed: (snapshot) => void onSnapshot(snapshot),
  };
  const link = makeLink(events);
  const notifier = new IncomingCallNotifier(
    (cmd) => link.command(cmd),
    () => openView('call'),
    async (call, minutes) => hooks.remindLater?.(call, minutes),
    () => openView('missed'),
    (call) => hooks.identify?.(call) ?? Promise.resolve(sipIdentity(call)),
    () => hooks.quiet?.() ?? Promise.resolve(false),
  );
  notifier.listen();
  let counts: BadgeCounts = { missed: 0, dueTasks: 0 };

  async function onSnapshot(snapshot: PhoneSnapshot): Promise<void> {
    hooks.onSnapshot?.(snapshot);
    await phoneSnapshotItem.setValue(snapshot);
    await Promise.all([notifier.sync(snapshot), showStatus(snapshot, counts)]);
  }

  async function showCounts(next: BadgeCounts): Promise<void> {
    counts = next;
    const snapshot = await phoneSnapshotItem.getValue();
    if (snapshot) await showStatus(snapshot, counts);
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
  return { link, notifier, showCounts, openView };
}

/**
 * The toolbar icon tells the state at a glance, most urgent first: ☎ while a call rings, a red
 * "!" when the phone cannot register, else the number of missed calls and due callbacks still
 * waiting for the user.
 */
async function showStatus(snapshot: PhoneSnapshot, counts: BadgeCounts): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  const ringing = snapshot.calls.some((c) => c.status === 'incoming');
  const status = snapshot.registration.status;
  const broken =
    status === 'waiting-retry' || (status === 'registering' && !!snapshot.registration.error);
  const waiting = counts.missed + counts.dueTasks;
  const text = ringing ? '☎' : broken ? '!' : waiting > 0 ? String(Math.min(waiting, 99)) : '';
  await action.setBadgeText({ text });
  await action.setBadgeBackgroundColor({
    color: ringing ? '#1a7f37' : broken ? '#c62828' : '#b26a00',
  });
  await action.setTitle({ title: `${i18n.t('extName')} — ${registrationLabel(status)}` });
}

/**
 * Opens (or focuses) the small popup window on one of its views. The call view has one window
 * of its own (lib/sip/call-window.ts); other views open beside it rather than in it: in Firefox
 * the call window holds the microphone of the calls in progress, and navigating it away would
 * end them.
 */
async function openView(view: PopupView, number?: string): Promise<void> {
  if (view === 'call') {
    await openCallWindow();
    return;
  }
  const query = new URLSearchParams({ view, ...(number ? { number } : {}) });
  await browser.windows.create({
    url: browser.runtime.getURL(`/popup.html?${query.toString()}`),
    type: 'popup',
    width: 380,
    height: 620,
    focused: true,
  });
}
