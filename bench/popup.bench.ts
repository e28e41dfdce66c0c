/**
 * The popup with a full call log, in the built extension (Chromium, test build): 1,000 calls are
 * seeded into the extension's IndexedDB, then the popup is opened on each call-log view and timed
 * from navigation start to its list on screen (performance.now() in the page, so the figure is
 * the page's own work, not the test driver's).
 */
import { ExtensionSession } from '../tests/harness/extension';

const CALLS = 1000;
const ROUNDS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const ext = await ExtensionSession.launch();
try {
  const worker = await ext.worker();
  await worker.evaluate(
    (n) =>
      (
        globalThis as unknown as { callbridgeTest: { seedCalls(n: number): Promise<number> } }
      ).callbridgeTest.seedCalls(n),
    CALLS,
  );
  const views: Array<[string, string]> = [
    ['history', '.history-list li'],
    ['missed', '.missed-list li, .missed-list + p, p.empty'],
  ];
  for (const [view, selector] of views) {
    const times: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const page = await ext.context.newPage();
      await page.goto(ext.url(`popup.html?view=${view}`));
      await page.waitForSelector(selector);
      times.push(await page.evaluate(() => performance.now()));
      await page.close();
    }
    console.log(
      `popup ${view} with ${CALLS} calls open to rendered: ${Math.round(median(times))} ms`,
    );
  }
} finally {
  await ext.close();
}
