/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process and prints the figures, one
 * line each, `name: value unit`. A benchmark that fails prints its error and makes the run fail,
 * but the others still run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const dir = resolve(import.meta.dirname);
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = 0;
for (const file of files) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', resolve(dir, file)], {
    encoding: 'utf8',
    env: { ...process.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const line of run.stdout.split('\n')) if (/^[^:]+: \S+ \S+/.test(line)) console.log(line);
  if (run.status !== 0) {
    failed++;
    console.error(`${file} failed (exit ${run.status}):\n${run.stderr.slice(-2000)}`);
  }
}
process.exit(failed ? 1 : 0);
