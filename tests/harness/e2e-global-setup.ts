/**
 * Runs once before the end-to-end suite: builds the customer phone bundle, which is not committed.
 */
import { buildCustomer } from './build-customer';

export default async function setup(): Promise<void> {
  await buildCustomer();
}
