import type { IncomingCallNotifier } from './calls/incoming-notification';
import type { PhoneLink } from './sip/link';

/**
 * Test builds only (`wxt build --mode test`): lets the end-to-end tests press a notification's
 * buttons, which a headless browser cannot click. The hooks call the very handlers that the
 * notifications API calls, so the tested path is the production path.
 */
export interface CallbridgeTestHooks {
  clickNotificationButton(notificationId: string, index: number): Promise<void>;
  clickNotification(notificationId: string): Promise<void>;
  link: PhoneLink;
}

export function exposeTestHooks(service: {
  link: PhoneLink;
  notifier: IncomingCallNotifier;
}): void {
  const hooks: CallbridgeTestHooks = {
    clickNotificationButton: (id, index) => service.notifier.buttonClicked(id, index),
    clickNotification: (id) => service.notifier.clicked(id),
    link: service.link,
  };
  (globalThis as { callbridgeTest?: CallbridgeTestHooks }).callbridgeTest = hooks;
}
