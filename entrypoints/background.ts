import {
  callerIdentities,
  identifyCaller,
  publishCallers,
  withKnownContact,
} from '@/lib/calls/caller-identity';
import { ScreenPop } from '@/lib/calls/screen-pop';
import { registerCallCards } from '@/lib/card/background';
import { startCallLog } from '@/lib/calls/service';
import { loadCallSettings } from '@/lib/calls/settings';
import { askOpenCrm, crmTabInFront, registerContentHandlers } from '@/lib/click-to-call/background';
import { createInProcessLink } from '@/lib/sip/in-process-link';
import { createOffscreenLink } from '@/lib/sip/offscreen-link';
import { startPhoneService } from '@/lib/sip/service';
import { installPreset } from '@/lib/storage/preset';
import { exposeTestHooks } from '@/lib/test-hooks';

export default defineBackground({
  // Firefox (MV2): a persistent page that hosts the phone itself. Chrome ignores this and runs
  // a service worker that drives the offscreen document.
  persistent: true,
  main() {
    // A static branch, so JsSIP stays out of the Chrome service worker bundle.
    const makeLink = import.meta.env.FIREFOX ? createInProcessLink : createOffscreenLink;
    // The call log records every phone snapshot; it is created right after the phone service
    // (it dials through it), so the first snapshots wait in this hook for it.
    // Who is calling, asked once per call for the notification, the record and the screen pop.
    const identify = callerIdentities(
      async () => (await loadCallSettings()).defaultCountry,
      identifyCaller,
      askOpenCrm,
    );
    const screenPop = new ScreenPop({ identify });
    // A ringing call in front of a CRM page is shown by the call card there, not a notification.
    const hooks: Parameters<typeof startPhoneService>[1] = { identify, quiet: crmTabInFront };
    const service = startPhoneService(makeLink, hooks);
    const callLog = startCallLog({
      identify,
      dial: (target, ext) =>
        service.link.command({ type: 'dial', target, ...(ext ? { ext } : {}) }),
      openTasks: () => service.openView('tasks'),
      showCounts: (counts) => service.showCounts(counts),
    });
    const remind = async (
      target: { number: string; name?: string; contactUrl?: string; callId?: string },
      minutes: number,
      origin: 'page' | 'notification' | 'card',
    ) => {
      const { defaultCountry } = await loadCallSettings();
      const named = await withKnownContact(target);
      await callLog.scheduler.create({ ...named, inMinutes: minutes, origin }, defaultCountry);
      await callLog.refreshCounts();
      callLog.channel.notify('tasks');
    };
    hooks.remindLater = (call, minutes) => remind(call, minutes, 'notification');
    const clickToCall = registerContentHandlers(service.link, {
      createCallback: (number, minutes) => remind({ number }, minutes, 'page'),
      openHistory: (number) => service.openView('history', number),
    });
    const cards = registerCallCards({
      command: (cmd) => service.link.command(cmd),
      remind: (target, minutes) => remind(target, minutes, 'card'),
      openCallView: () => service.openView('call'),
      identify,
    });
    hooks.onSnapshot = (snapshot) => {
      void callLog.onSnapshot(snapshot);
      void cards.onSnapshot(snapshot);
      void screenPop.sync(snapshot);
      void publishCallers(snapshot.calls, identify);
    };
    void installPreset();
    if (import.meta.env.MODE === 'test') exposeTestHooks(service, callLog, clickToCall);
  },
});
