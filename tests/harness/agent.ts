/**
 * The usual end-to-end cast: Chromium with the test build, registered at the PBX as agent 1001
 * (default country RU, set through the options page as a user does), and the customer phone
 * page registered as the PBX's trunk user, ready to call the agent or be called.
 */
import { openCustomer, type CustomerPage } from './customer-page';
import { ExtensionSession, accountFor } from './extension';
import type { Pbx } from './pbx';

export async function launchAgentAndCustomer(
  pbx: Pbx,
  /** Where the static server serves tests/customer under /customer/. */
  customerBase: string,
): Promise<{ ext: ExtensionSession; customer: CustomerPage }> {
  const ext = await ExtensionSession.launch();
  const options = await ext.configureAccount(accountFor(pbx, '1001'), { country: 'RU' });
  await ext.waitForRegistered();
  await options.close();
  const customer = await openCustomer(ext.context, {
    baseUrl: customerBase,
    wsUrl: pbx.wsUrl,
    user: pbx.trunkUser,
    password: pbx.users[pbx.trunkUser]!,
  });
  await customer.register();
  return { ext, customer };
}
