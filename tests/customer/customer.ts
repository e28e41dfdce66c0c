/**
 * The customer phone: a second JsSIP user agent in a plain page. It stands for the outside world
 * in the demo and in end-to-end tests — usually as user 2000, the PSTN trunk of the development
 * PBX, so it receives every call to a phone number and can call agents as any caller number.
 *
 * Configuration comes from the query string:
 *   ws=ws://127.0.0.1:PORT  user=2000  password=pw2000  domain=127.0.0.1
 *   autoAnswer=0|1          answer incoming calls at once
 *   autoRegister=0|1        register when the page opens (default 1)
 *   loopbackOnly=0|1        send only 127.0.0.1 ICE candidates (default 1)
 *   stripTelephoneEvent=0|1 offer/answer without telephone-event, forcing SIP INFO for DTMF
 *   debug=0|1               JsSIP debug output in the console
 *
 * Tests drive it through `window.customer` (see CustomerApi) and read what happened from
 * `window.customer.events`.
 */
import * as JsSIP from 'jssip';
import type {
  EndEvent,
  HoldEvent,
  IceCandidateEvent,
  IncomingDTMFEvent,
  IncomingEvent,
  OutgoingDTMFEvent,
  OutgoingEvent,
  ReInviteEvent,
  RTCSession,
  SDPEvent,
} from 'jssip/lib/RTCSession';
import type { IncomingRequest, IncomingResponse } from 'jssip/lib/SIPMessage';
import type { RTCSessionEvent, UAConfiguration } from 'jssip/lib/UA';
import { keepLoopbackCandidates, sdpDirection, stripTelephoneEvent } from './sdp';

export interface CustomerConfig {
  ws: string;
  user: string;
  password: string;
  domain: string;
  autoAnswer: boolean;
  autoRegister: boolean;
  loopbackOnly: boolean;
  stripTelephoneEvent: boolean;
  debug: boolean;
}

export interface CustomerEvent {
  /** Milliseconds since the epoch. */
  t: number;
  type: string;
  detail?: unknown;
}

export interface CustomerState {
  connected: boolean;
  registered: boolean;
  /** idle → incoming|outgoing → (ringing) → established → ended */
  call: 'idle' | 'incoming' | 'outgoing' | 'ringing' | 'established' | 'ended';
  direction?: 'incoming' | 'outgoing';
  /** The other party's user part (the caller number of an incoming call). */
  remoteUser?: string;
  /** The user part that was dialled (To of an incoming call, target of an outgoing one). */
  dialled?: string;
  onHold: { local: boolean; remote: boolean };
  /** Digits received via SIP INFO during the current or last call. */
  dtmf: string;
  /** Re-INVITEs received during the current or last call. */
  reinvites: number;
}

export interface CustomerStats {
  pcState: string;
  inboundAudioBytes: number;
  outboundAudioBytes: number;
  /**
   * The inbound audio's total energy (RTCInboundRtpStreamStats.totalAudioEnergy): it grows only
   * while the far end sends sound, not silence — e.g. the tone of a fake microphone.
   */
  inboundAudioEnergy: number;
}

export interface CustomerApi {
  readonly config: CustomerConfig;
  readonly events: CustomerEvent[];
  /** Registers (or confirms the registration); rejects with the SIP status on failure. */
  register(): Promise<void>;
  unregister(): Promise<void>;
  /**
   * Starts a call; resolves once the INVITE is sent. `fromUser` is the caller number shown,
   * `fromDisplay` the display name in the From header.
   */
  call(target: string, opts?: { fromUser?: string; fromDisplay?: string }): Promise<void>;
  /** Answers the ringing call; resolves once it is confirmed (ACK received). */
  answer(): Promise<void>;
  /** Rejects the ringing call with `status` (486 Busy Here by default). */
  decline(status?: number): void;
  /** Ends the call in any state (CANCEL, reject or BYE as fits). */
  hangup(): void;
  /** Puts the call on hold (re-INVITE with sendonly); resolves when the re-INVITE completes. */
  hold(): Promise<void>;
  unhold(): Promise<void>;
  /** Sends DTMF, by default as SIP INFO. */
  sendDtmf(tones: string, transport?: 'INFO' | 'RFC2833'): void;
  state(): CustomerState;
  stats(): Promise<CustomerStats>;
  /** Resolves with the first event of `type` recorded at or after `since` (epoch ms). */
  waitForEvent(type: string, opts?: { since?: number; timeoutMs?: number }): Promise<CustomerEvent>;
}

declare global {
  interface Window {
    customer: CustomerApi;
  }
}

const ICE_GATHERING_GRACE_MS = 200;
const ICE_GATHERING_MAX_MS = 2000;

function readConfig(): CustomerConfig {
  const q = new URLSearchParams(location.search);
  const flag = (name: string, fallback: boolean): boolean => {
    const v = q.get(name);
    return v === null ? fallback : v === '1' || v === 'true';
  };
  return {
    ws: q.get('ws') ?? 'ws://127.0.0.1:5066',
    user: q.get('user') ?? '2000',
    password: q.get('password') ?? '',
    domain: q.get('domain') ?? '127.0.0.1',
    autoAnswer: flag('autoAnswer', false),
    autoRegister: flag('autoRegister', true),
    loopbackOnly: flag('loopbackOnly', true),
    stripTelephoneEvent: flag('stripTelephoneEvent', false),
    debug: flag('debug', false),
  };
}

const config = readConfig();
const events: CustomerEvent[] = [];
const listeners = new Set<(e: CustomerEvent) => void>();

// The human-usable part of the page: status line, buttons and event log.
const ui = {
  log(e: CustomerEvent): void {
    const list = document.getElementById('log');
    if (!list) return;
    const item = document.createElement('li');
    const time = new Date(e.t).toLocaleTimeString();
    item.textContent = `${time} ${e.type}${e.detail === undefined ? '' : ' ' + JSON.stringify(e.detail)}`;
    list.prepend(item);
  },
  refresh(): void {
    const status = document.getElementById('status');
    if (!status) return;
    const s = state();
    const reg = s.registered ? 'registered' : s.connected ? 'connected' : 'offline';
    const who = s.remoteUser
      ? ` — ${s.direction === 'incoming' ? 'from' : 'to'} ${s.remoteUser}`
      : '';
    const dialled = s.direction === 'incoming' && s.dialled ? ` (dialled ${s.dialled})` : '';
    const held = s.onHold.local || s.onHold.remote ? ' — on hold' : '';
    status.textContent = `${config.user}@${config.domain}: ${reg}; call: ${s.call}${who}${dialled}${held}`;
    status.dataset.call = s.call;
    setDisabled(
      'answer',
      s.call !== 'incoming' && !(s.direction === 'incoming' && s.call === 'ringing'),
    );
    setDisabled(
      'decline',
      s.call !== 'incoming' && !(s.direction === 'incoming' && s.call === 'ringing'),
    );
    setDisabled('call', s.call !== 'idle' && s.call !== 'ended');
    setDisabled('hangup', s.call === 'idle' || s.call === 'ended');
    setDisabled('hold', s.call !== 'established');
    setDisabled('dtmf', s.call !== 'established');
    const holdButton = document.getElementById('hold');
    if (holdButton) holdButton.textContent = s.onHold.local ? 'Resume' : 'Hold';
  },
};

function record(type: string, detail?: unknown): void {
  const event: CustomerEvent =
    detail === undefined ? { t: Date.now(), type } : { t: Date.now(), type, detail };
  events.push(event);
  for (const listener of listeners) listener(event);
  ui.log(event);
  ui.refresh();
}

if (config.debug) JsSIP.debug.enable('JsSIP:*');
else JsSIP.debug.disable();

const uaConfig: UAConfiguration = {
  sockets: [new JsSIP.WebSocketInterface(config.ws)],
  uri: `sip:${config.user}@${config.domain}`,
  password: config.password,
  register: config.autoRegister,
  // Session timers would send periodic refreshes that tests would have to tell apart from hold.
  session_timers: false,
  // Reconnect quickly after the PBX restarts (JsSIP's default waits up to 30 s).
  connection_recovery_min_interval: 1,
  connection_recovery_max_interval: 4,
  user_agent: 'Callbridge customer phone (JsSIP)',
};
const ua = new JsSIP.UA(uaConfig);

let session: RTCSession | undefined;
let lastConnection: RTCPeerConnection | undefined;
let callState: CustomerState['call'] = 'idle';
let callInfo: { direction?: 'incoming' | 'outgoing'; remoteUser?: string; dialled?: string } = {};
let dtmfDigits = '';
let reinviteCount = 0;

ua.on('connected', () => record('connected'));
ua.on('disconnected', (e) => record('disconnected', { code: e.code, reason: e.reason }));
ua.on('registered', () => record('registered'));
ua.on('unregistered', (e) => record('unregistered', { cause: e.cause }));
ua.on('registrationFailed', (e) =>
  record('registrationFailed', { cause: e.cause, status: responseStatus(e.response) }),
);
ua.on('newRTCSession', (e: RTCSessionEvent) => onNewSession(e));

function responseStatus(response: IncomingResponse | undefined | null): number | undefined {
  return response ? response.status_code : undefined;
}

function onNewSession(e: RTCSessionEvent): void {
  const s = e.session;
  if (e.originator === 'remote') {
    const request: IncomingRequest = e.request;
    // An INVITE with Replaces (attended transfer) takes over the current call instead of
    // getting a busy: that is its whole point.
    const replacing = request.hasHeader('replaces');
    if (session && !session.isEnded() && !replacing) {
      // One call at a time, like a plain phone: a second caller hears busy.
      s.terminate({ status_code: 486, reason_phrase: 'Busy Here' });
      record('rejectedBusy', { from: request.from.uri.user });
      return;
    }
    callInfo = {
      direction: 'incoming',
      remoteUser: request.from.uri.user,
      dialled: request.to.uri.user,
    };
    record('incoming', {
      from: request.from.uri.user,
      fromDisplay: request.from.display_name,
      to: request.to.uri.user,
      ruri: request.ruri.user,
    });
    callState = 'incoming';
    if (replacing) record('replacing', { from: request.from.uri.user });
  } else {
    callState = 'outgoing';
  }
  session = s;
  dtmfDigits = '';
  reinviteCount = 0;
  attachSession(s);
  if (e.originator === 'remote' && (config.autoAnswer || e.request.hasHeader('replaces'))) {
    void answer().catch((err: unknown) =>
      record('error', { during: 'autoAnswer', error: String(err) }),
    );
  }
}

function attachSession(s: RTCSession): void {
  if (s.connection) attachConnection(s.connection);
  s.on('peerconnection', (e) => attachConnection(e.peerconnection));
  s.on('progress', (e: IncomingEvent | OutgoingEvent) => {
    const status = 'response' in e ? e.response.status_code : undefined;
    if (callState !== 'established') callState = 'ringing';
    record('progress', { status });
  });
  s.on('accepted', () => {
    callState = 'established';
    record('accepted');
  });
  s.on('confirmed', () => {
    callState = 'established';
    record('confirmed');
  });
  s.on('ended', (e: EndEvent) => {
    callState = 'ended';
    record('ended', { originator: e.originator, cause: e.cause });
  });
  s.on('failed', (e: EndEvent) => {
    callState = 'ended';
    const status =
      e.message && 'status_code' in e.message
        ? (e.message as IncomingResponse).status_code
        : undefined;
    record('failed', { originator: e.originator, cause: e.cause, status });
  });
  s.on('reinvite', (e: ReInviteEvent) => {
    reinviteCount += 1;
    record('reinvite', { direction: sdpDirection(e.request.body), count: reinviteCount });
  });
  s.on('update', (e: ReInviteEvent) => {
    record('update', { direction: e.request.body ? sdpDirection(e.request.body) : undefined });
  });
  s.on('hold', (e: HoldEvent) => record('hold', { originator: e.originator }));
  s.on('unhold', (e: HoldEvent) => record('unhold', { originator: e.originator }));
  s.on('newDTMF', (e: IncomingDTMFEvent | OutgoingDTMFEvent) => {
    if (e.originator !== 'remote') return;
    dtmfDigits += e.dtmf.tone;
    record('dtmf', { tone: e.dtmf.tone, digits: dtmfDigits });
  });
  s.on('sdp', (e: SDPEvent) => {
    if (e.originator !== 'local') return;
    let sdp = e.sdp;
    if (config.loopbackOnly) sdp = keepLoopbackCandidates(sdp);
    if (config.stripTelephoneEvent) sdp = stripTelephoneEvent(sdp);
    e.sdp = sdp;
  });
  s.on('icecandidate', boundIceGathering());
  // Blind or attended transfer: the other side asks us to call someone (REFER). Like a desk
  // phone, we follow it; JsSIP reports the new call's progress back with NOTIFY.
  s.on('refer', (e) => {
    // JsSIP parses Refer-To onto the request but does not declare it in its types.
    const referTo = (e.request as unknown as { refer_to: { uri: JsSIP.URI } }).refer_to.uri;
    record('refer', { target: referTo.user, replaces: referTo.hasHeader('replaces') });
    e.accept(undefined, { mediaConstraints: { audio: true, video: false } });
  });
  // Attended transfer to us: the transferee's INVITE with Replaces takes this call's place.
  s.on('replaces', (e) => e.accept());
}

/**
 * JsSIP waits for the end of ICE gathering before it sends the SDP, which can take many seconds
 * when some interface never answers. Host candidates (all we need on loopback) come within
 * milliseconds, so we declare gathering done shortly after the first one — but, when only
 * loopback candidates are sent, not before a 127.0.0.1 candidate was seen.
 */
function boundIceGathering(): (e: IceCandidateEvent) => void {
  let first = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sawLoopback = false;
  let ready: (() => void) | undefined;
  const check = (): void => {
    const waited = Date.now() - first;
    if (!config.loopbackOnly || sawLoopback || waited >= ICE_GATHERING_MAX_MS) {
      ready?.();
      return;
    }
    timer = setTimeout(check, 50);
  };
  return (e) => {
    ready = e.ready;
    if (/ 127\.0\.0\.1 /.test(e.candidate.candidate)) sawLoopback = true;
    if (!first) {
      first = Date.now();
      clearTimeout(timer);
      timer = setTimeout(check, ICE_GATHERING_GRACE_MS);
    }
  };
}

function attachConnection(pc: RTCPeerConnection): void {
  if (lastConnection === pc) return;
  lastConnection = pc;
  pc.addEventListener('track', (e) => {
    const audio = document.getElementById('remote-audio') as HTMLAudioElement | null;
    if (!audio) return;
    audio.srcObject = e.streams[0] ?? new MediaStream([e.track]);
    void audio.play().catch(() => {
      // Autoplay may be refused until the human clicks; the call itself is unaffected.
    });
  });
  pc.addEventListener('connectionstatechange', () => record('pcState', pc.connectionState));
}

const mediaOptions = {
  mediaConstraints: { audio: true, video: false },
  // No STUN or TURN: the test machine has no network beyond loopback.
  pcConfig: { iceServers: [] },
};

/**
 * Registers and resolves on success; rejects with the SIP status on failure. While the WebSocket
 * is down (say, right after a PBX restart) it first waits for JsSIP to reconnect: a REGISTER sent
 * then would fail at once with "Connection Error" although it would succeed a second later.
 */
async function register(): Promise<void> {
  if (ua.isRegistered()) return;
  if (!ua.isConnected()) {
    await waitForEvent('connected', { since: Date.now(), timeoutMs: 30_000 });
    if (ua.isRegistered()) return;
  }
  const since = Date.now();
  const result = new Promise<void>((resolve, reject) => {
    const off = onEvent((e) => {
      if (e.t < since) return;
      if (e.type === 'registered') {
        off();
        resolve();
      } else if (e.type === 'registrationFailed') {
        off();
        const d = e.detail as { cause?: string; status?: number };
        reject(new Error(`registration failed: ${d.status ?? ''} ${d.cause ?? ''}`.trim()));
      }
    });
  });
  // ua.register() also makes JsSIP register again by itself after every reconnection. When the
  // reconnection already started a REGISTER, this call is a no-op and we wait for that one.
  ua.register();
  return result;
}

function unregister(): Promise<void> {
  if (!ua.isRegistered()) return Promise.resolve();
  const done = waitForEvent('unregistered', { since: Date.now() }).then(() => undefined);
  ua.unregister();
  return done;
}

function call(
  target: string,
  opts: { fromUser?: string; fromDisplay?: string } = {},
): Promise<void> {
  if (session && !session.isEnded()) return Promise.reject(new Error('a call is in progress'));
  const uri = target.includes('@') ? target : `sip:${target}@${config.domain}`;
  callInfo = {
    direction: 'outgoing',
    remoteUser: target.replace(/^sip:/, '').split('@')[0],
    dialled: target.replace(/^sip:/, '').split('@')[0],
  };
  record('outgoing', { target, fromUser: opts.fromUser ?? config.user });
  const s = ua.call(uri, {
    ...mediaOptions,
    ...(opts.fromUser ? { fromUserName: opts.fromUser } : {}),
    ...(opts.fromDisplay ? { fromDisplayName: opts.fromDisplay } : {}),
  });
  // newRTCSession has already attached our handlers; 'sending' may already be over too.
  session = s;
  return Promise.resolve();
}

function answer(): Promise<void> {
  const s = session;
  if (!s || s.direction !== 'incoming' || s.isEstablished() || s.isEnded()) {
    return Promise.reject(new Error('no incoming call to answer'));
  }
  const since = Date.now();
  const done = new Promise<void>((resolve, reject) => {
    const off = onEvent((e) => {
      if (e.t < since) return;
      if (e.type === 'confirmed') {
        off();
        resolve();
      } else if (e.type === 'failed' || e.type === 'ended') {
        off();
        reject(new Error(`call ended before it was confirmed: ${JSON.stringify(e.detail)}`));
      }
    });
  });
  s.answer(mediaOptions);
  return done;
}

function decline(status = 486): void {
  const s = session;
  if (!s || s.isEstablished() || s.isEnded()) return;
  s.terminate({ status_code: status });
}

function hangup(): void {
  const s = session;
  if (s && !s.isEnded()) s.terminate();
}

function hold(): Promise<void> {
  const s = session;
  if (!s?.isEstablished()) return Promise.reject(new Error('no established call'));
  return new Promise<void>((resolve, reject) => {
    if (!s.hold({}, () => resolve())) reject(new Error('hold refused (already on hold?)'));
  });
}

function unhold(): Promise<void> {
  const s = session;
  if (!s?.isEstablished()) return Promise.reject(new Error('no established call'));
  return new Promise<void>((resolve, reject) => {
    if (!s.unhold({}, () => resolve())) reject(new Error('unhold refused (not on hold?)'));
  });
}

function sendDtmf(tones: string, transport: 'INFO' | 'RFC2833' = 'INFO'): void {
  const s = session;
  if (!s?.isEstablished()) throw new Error('no established call');
  s.sendDTMF(tones, {
    transportType:
      transport === 'INFO' ? JsSIP.C.DTMF_TRANSPORT.INFO : JsSIP.C.DTMF_TRANSPORT.RFC2833,
  });
}

function state(): CustomerState {
  const hold = session && !session.isEnded() ? session.isOnHold() : { local: false, remote: false };
  return {
    connected: ua.isConnected(),
    registered: ua.isRegistered(),
    call: callState,
    ...callInfo,
    onHold: { local: hold.local, remote: hold.remote },
    dtmf: dtmfDigits,
    reinvites: reinviteCount,
  };
}

async function stats(): Promise<CustomerStats> {
  const pc = lastConnection;
  if (!pc)
    return { pcState: 'none', inboundAudioBytes: 0, outboundAudioBytes: 0, inboundAudioEnergy: 0 };
  let inbound = 0;
  let outbound = 0;
  let energy = 0;
  const report = await pc.getStats();
  report.forEach(
    (s: {
      type: string;
      kind?: string;
      bytesReceived?: number;
      bytesSent?: number;
      totalAudioEnergy?: number;
    }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        inbound += s.bytesReceived ?? 0;
        energy += s.totalAudioEnergy ?? 0;
      }
      if (s.type === 'outbound-rtp' && s.kind === 'audio') outbound += s.bytesSent ?? 0;
    },
  );
  return {
    pcState: pc.connectionState,
    inboundAudioBytes: inbound,
    outboundAudioBytes: outbound,
    inboundAudioEnergy: energy,
  };
}

function onEvent(listener: (e: CustomerEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function waitForEvent(
  type: string,
  opts: { since?: number; timeoutMs?: number } = {},
): Promise<CustomerEvent> {
  const since = opts.since ?? 0;
  const seen = events.find((e) => e.type === type && e.t >= since);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no '${type}' event within ${opts.timeoutMs ?? 10_000} ms`));
    }, opts.timeoutMs ?? 10_000);
    const off = onEvent((e) => {
      if (e.type !== type || e.t < since) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}

function setDisabled(id: string, disabled: boolean): void {
  const el = document.getElementById(id) as HTMLButtonElement | null;
  if (el) el.disabled = disabled;
}

function reportErrors(p: Promise<unknown>): void {
  p.catch((err: unknown) =>
    record('error', { error: err instanceof Error ? err.message : String(err) }),
  );
}

function wireUi(): void {
  const value = (id: string): string =>
    (document.getElementById(id) as HTMLInputElement | null)?.value.trim() ?? '';
  const on = (id: string, handler: () => void): void =>
    document.getElementById(id)?.addEventListener('click', handler);
  on('call', () => {
    const number = value('number');
    if (!number) return;
    const fromUser = value('from');
    reportErrors(call(number, fromUser ? { fromUser } : {}));
  });
  on('answer', () => reportErrors(answer()));
  on('decline', () => decline());
  on('hangup', () => hangup());
  on('hold', () => reportErrors(state().onHold.local ? unhold() : hold()));
  on('dtmf', () => {
    const digits = value('digits');
    if (digits) reportErrors(Promise.resolve().then(() => sendDtmf(digits)));
  });
  on('register', () => reportErrors(register()));
  const ident = document.getElementById('identity');
  if (ident) ident.textContent = `${config.user} via ${config.ws}`;
  ui.refresh();
}

window.customer = {
  config,
  events,
  register,
  unregister,
  call,
  answer,
  decline,
  hangup,
  hold,
  unhold,
  sendDtmf,
  state,
  stats,
  waitForEvent,
};

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wireUi);
else wireUi();

ua.start();
