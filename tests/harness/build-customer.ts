/**
 * Bundles the customer phone (tests/customer/customer.ts + JsSIP) into
 * tests/customer/dist/customer.js, a plain script for tests/customer/index.html.
 *
 * Run directly (`npx tsx tests/harness/build-customer.ts`) or call buildCustomer(); the e2e
 * global setup builds it once per test run, so dist/ is never committed.
 */
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CUSTOMER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'customer');
export const CUSTOMER_BUNDLE = join(CUSTOMER_DIR, 'dist', 'customer.js');

/** Builds the bundle and returns its path. */
export async function buildCustomer(): Promise<string> {
  const result = await build({
    entryPoints: [join(CUSTOMER_DIR, 'customer.ts')],
    outfile: CUSTOMER_BUNDLE,
    bundle: true,
    // A classic script (no module) so the page also works when opened from disk by a human.
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    // A separate map file keeps the script small for the page and readable in DevTools.
    sourcemap: true,
    logLevel: 'warning',
  });
  if (result.errors.length > 0) {
    throw new Error(`customer bundle failed: ${result.errors.map((e) => e.text).join('; ')}`);
  }
  return CUSTOMER_BUNDLE;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildCustomer();
  console.log(out);
}
