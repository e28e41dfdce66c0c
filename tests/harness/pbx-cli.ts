/**
 * Runs the development PBX until SIGINT or SIGTERM, for the demo and for manual testing:
 *
 *   npx tsx tests/harness/pbx-cli.ts [--port 5066] [--sip-port 5060]
 *
 * Prints one JSON line once Kamailio is ready:
 *   {"wsUrl":"ws://127.0.0.1:PORT","port":…,"sipPort":…,"domain":"127.0.0.1","trunkUser":"2000",
 *    "users":{"1001":"pw1001",…},"logPath":"/tmp/callbridge-pbx-…/kamailio.log","pid":…}
 */
import { parseArgs } from 'node:util';
import { startPbx, type PbxOptions } from './pbx';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'sip-port': { type: 'string' },
  },
});

const opts: PbxOptions = {};
if (values.port) opts.port = Number(values.port);
if (values['sip-port']) opts.sipPort = Number(values['sip-port']);

const pbx = await startPbx(opts);
process.stdout.write(
  `${JSON.stringify({
    wsUrl: pbx.wsUrl,
    port: pbx.port,
    sipPort: pbx.sipPort,
    domain: pbx.domain,
    trunkUser: pbx.trunkUser,
    users: pbx.users,
    logPath: pbx.logPath,
    pid: pbx.pid,
  })}\n`,
);

let stopping = false;
const shutdown = (): void => {
  if (stopping) return;
  stopping = true;
  pbx.dispose().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
