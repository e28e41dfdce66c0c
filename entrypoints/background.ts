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
    const service = startPhoneService(makeLink);
    void installPreset();
    if (import.meta.env.MODE === 'test') exposeTestHooks(service);
  },
});
