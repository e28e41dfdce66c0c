/**
 * The development and test PBX: one Kamailio 5.6 child process on 127.0.0.1, configured from
 * tests/harness/pbx/kamailio.cfg, with SIP over WebSocket for the browser phones.
 *
 * Kamailio forks about ten worker processes. They all share the process group of the main
 * process (it is spawned detached, so it leads its own group), which lets us account for every
 * one of them on the way down.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  openSync,
  closeSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PbxOptions {
  /** User name to password. Defaults to DEFAULT_USERS. */
  users?: Record<string, string>;
  /** The WebSocket port; a free one is picked when absent. */
  port?: number;
  /** The plain SIP (UDP) port; a free one is picked when absent. */
  sipPort?: number;
}

export interface Pbx {
  /** ws://127.0.0.1:PORT — the SIP over WebSocket URL for JsSIP. */
  readonly wsUrl: string;
  readonly port: number;
  /** UDP port for plain SIP peers (SIPp, baresip). */
  readonly sipPort: number;
  /** The SIP domain and digest realm: users are sip:1001@127.0.0.1. */
  readonly domain: string;
  /** The user that stands for the customer phone / PSTN trunk. */
  readonly trunkUser: string;
  readonly users: Readonly<Record<string, string>>;
  readonly workdir: string;
  readonly logPath: string;
  /** The PID of the running Kamailio main process, or undefined while it is down. */
  readonly pid: number | undefined;
  /** Kamailio's whole log (all runs of this PBX, restarts included). */
  log(): string;
  /** Number of matches of `re` in the log (the flags are kept, `g` is added). */
  countInLog(re: RegExp): number;
  /** Calls a Kamailio JSON-RPC command over HTTP, e.g. rpc('ul.dump'). Returns `result`. */
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  /** Simulates a crash: SIGKILL to every Kamailio process, then waits until all are gone. */
  kill(): Promise<void>;
  /** Graceful stop: SIGTERM, waits until every Kamailio process is gone. */
  stop(): Promise<void>;
  /** Starts Kamailio again on the same ports (stopping it first if it still runs). */
  restart(): Promise<void>;
  /** stop() and remove the work directory (kept when CALLBRIDGE_KEEP_PBX=1). */
  dispose(): Promise<void>;
}

export const PBX_DOMAIN = '127.0.0.1';
export const TRUNK_USER = '2000';

/** Fixed per run so that a human running the demo can type them: agents 1001–1003, trunk 2000. */
export const DEFAULT_USERS: Readonly<Record<string, string>> = {
  '1001': 'pw1001',
  '1002': 'pw1002',
  '1003': 'pw1003',
  [TRUNK_USER]: 'pw2000',
};

const TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), 'pbx', 'kamailio.cfg');
const READY_TIMEOUT_MS = 15_000;
const EXIT_TIMEOUT_MS = 10_000;

/** Starts Kamailio and resolves once it answers HTTP on the WebSocket port. */
export async function startPbx(opts: PbxOptions = {}): Promise<Pbx> {
  const users = { ...(opts.users ?? DEFAULT_USERS) };
  for (const [name, password] of Object.entries(users)) {
    // Both end up inside a quoted string in the Kamailio config: keep them to harmless characters.
    if (!/^[A-Za-z0-9+._-]+$/.test(name) || !/^[A-Za-z0-9+._~!*-]+$/.test(password)) {
      throw new Error(`startPbx: unsupported characters in user ${JSON.stringify(name)}`);
    }
  }
  // A port found free can be taken by someone else before Kamailio binds it; when we chose the
  // ports ourselves, choose again and retry.
  const attempts = opts.port === undefined || opts.sipPort === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freeTcpPort());
    const sipPort = opts.sipPort ?? (await freeUdpPort([port]));
    const workdir = mkdtempSync(join(tmpdir(), 'callbridge-pbx-'));
    const pbx = new KamailioPbx(workdir, port, sipPort, users);
    try {
      await pbx.start();
      return pbx;
    } catch (error) {
      // The error carries the tail of the log, so the work directory can go.
      await pbx.dispose();
      if (attempt >= attempts) throw error;
    }
  }
}

class KamailioPbx implements Pbx {
  readonly wsUrl: string;
  readonly domain = PBX_DOMAIN;
  readonly trunkUser = TRUNK_USER;
  readonly logPath: string;
  private readonly cfgPath: string;
  private readonly pidPath: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  private readonly onProcessExit = (): void => this.emergencyKill();

  constructor(
    readonly workdir: string,
    readonly port: number,
    readonly sipPort: number,
    readonly users: Readonly<Record<string, string>>,
  ) {
    this.wsUrl = `ws://${PBX_DOMAIN}:${port}`;
    this.logPath = join(workdir, 'kamailio.log');
    this.cfgPath = join(workdir, 'kamailio.cfg');
    this.pidPath = join(workdir, 'kamailio.pid');
    writeFileSync(this.cfgPath, renderConfig({ port, sipPort, users }));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error('startPbx: Kamailio is already running');
    appendFileSync(this.logPath, `=== callbridge: starting Kamailio ${new Date().toISOString()}\n`);
    const logFd = openSync(this.logPath, 'a');
    const child = spawn(
      'kamailio',
      ['-f', this.cfgPath, '-DD', '-E', '-w', this.workdir, '-P', this.pidPath, '-m', '64'],
      // detached: Kamailio leads its own process group, so the group id names all its processes.
      { detached: true, stdio: ['ignore', logFd, logFd] },
    );
    closeSync(logFd);
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    process.once('exit', this.onProcessExit);
    void this.exited.then(() => {
      if (this.child === child) this.child = undefined;
      process.removeListener('exit', this.onProcessExit);
    });
    const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
    try {
      await Promise.race([this.waitReady(child), spawnError]);
    } catch (error) {
      await this.kill();
      throw new Error(
        `Kamailio did not start: ${String(error)}\n--- log tail ---\n${this.tail()}`,
        {
          cause: error,
        },
      );
    }
  }

  private async waitReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`Kamailio exited (${child.exitCode ?? child.signalCode})`);
      }
      // The listening socket opens before the workers run the script; /health is answered by
      // event_route[xhttp:request], so a 200 means the WebSocket handshake will work too.
      if (await httpOk(`http://${PBX_DOMAIN}:${this.port}/health`)) return;
      await sleep(50);
    }
    throw new Error(`no answer on port ${this.port} within ${READY_TIMEOUT_MS} ms`);
  }

  log(): string {
    return existsSync(this.logPath) ? readFileSync(this.logPath, 'utf8') : '';
  }

  countInLog(re: RegExp): number {
    const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    return [...this.log().matchAll(global)].length;
  }

  async rpc(method: string, params: unknown[] = []): Promise<unknown> {
    const res = await fetch(`http://${PBX_DOMAIN}:${this.port}/RPC`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }),
    });
    const body = (await res.json()) as { result?: unknown; error?: { message?: string } };
    if (body.error) throw new Error(`Kamailio RPC ${method}: ${body.error.message ?? 'error'}`);
    return body.result;
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    const pgid = child.pid;
    // The workers go first, while the main process is alive to reap them. Killing the whole
    // group at once would orphan the workers, and on machines whose init does not reap orphans
    // (such as this one) they would stay as zombies and show up in `pgrep kamailio` for good.
    for (const pid of groupMembers(pgid)) {
      if (pid !== pgid) signal(pid, 'SIGKILL');
    }
    await waitFor(() => groupMembers(pgid).every((pid) => pid === pgid), EXIT_TIMEOUT_MS);
    signal(pgid, 'SIGKILL');
    await this.waitGone(pgid);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    const pgid = child.pid;
    // On SIGTERM the main process stops its workers, reaps them and exits.
    signal(pgid, 'SIGTERM');
    const clean = await waitFor(() => this.child !== child, EXIT_TIMEOUT_MS);
    if (!clean) await this.kill();
    await this.waitGone(pgid);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    if (process.env.CALLBRIDGE_KEEP_PBX !== '1')
      rmSync(this.workdir, { recursive: true, force: true });
  }

  private async waitGone(pgid: number): Promise<void> {
    await this.exited;
    const gone = await waitFor(() => groupMembers(pgid).length === 0, EXIT_TIMEOUT_MS);
    if (!gone) {
      throw new Error(`Kamailio processes left behind: ${groupMembers(pgid).join(' ')}`);
    }
  }

  /** Last resort when Node exits with Kamailio still up: no time left to wait for anything. */
  private emergencyKill(): void {
    const pgid = this.child?.pid;
    if (pgid) signal(-pgid, 'SIGKILL');
  }

  private tail(): string {
    return this.log().split('\n').slice(-30).join('\n');
  }
}

/** Fills the template; exported for tests of the config itself. */
export function renderConfig(o: {
  port: number;
  sipPort: number;
  users: Record<string, string>;
}): string {
  const userLines = Object.entries(o.users)
    .map(([name, password]) => `\t$sht(users=>${name}) = "${password}";`)
    .join('\n');
  const values: Record<string, string> = {
    DOMAIN: PBX_DOMAIN,
    WS_PORT: String(o.port),
    SIP_PORT: String(o.sipPort),
    TRUNK_USER,
    USERS: userLines,
  };
  return readFileSync(TEMPLATE, 'utf8').replace(/@@([A-Z_]+)@@/g, (match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`kamailio.cfg: unknown placeholder ${match}`);
    return value;
  });
}

/** PIDs of the processes in a process group, zombies included, read from /proc. */
export function groupMembers(pgid: number): number[] {
  return procEntries()
    .filter((p) => p.pgid === pgid)
    .map((p) => p.pid);
}

/**
 * Kamailio processes that are alive (not zombies). Zombies are left out because a zombie holds
 * no port and no memory, and one left by someone else's crash cannot be reaped by us.
 */
export function liveKamailioPids(): number[] {
  return procEntries()
    .filter((p) => p.comm === 'kamailio' && p.state !== 'Z')
    .map((p) => p.pid);
}

interface ProcEntry {
  pid: number;
  comm: string;
  state: string;
  pgid: number;
}

function procEntries(): ProcEntry[] {
  const out: ProcEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // The process ended while we were looking.
    }
    // "pid (comm) state ppid pgrp ..."; comm may itself contain spaces and parentheses.
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const rest = stat.slice(close + 2).split(' ');
    out.push({
      pid: Number(name),
      comm: stat.slice(open + 1, close),
      state: rest[0] ?? '',
      pgid: Number(rest[2]),
    });
  }
  return out;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

async function waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
  return true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.text();
    return res.ok;
  } catch {
    return false;
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, PBX_DOMAIN, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A UDP port that is free on 127.0.0.1 and not one of `avoid`. */
async function freeUdpPort(avoid: number[]): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const socket = createSocket('udp4');
      socket.once('error', reject);
      socket.bind(0, PBX_DOMAIN, () => {
        const { port: p } = socket.address();
        socket.close(() => resolve(p));
      });
    });
    if (!avoid.includes(port)) return port;
  }
}
