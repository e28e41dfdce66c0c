/**
 * The softphone: the only file that imports JsSIP (a lint rule keeps it so). It turns JsSIP's
 * user agent and sessions into the plain model of lib/sip/types.ts, runs every call status
 * change through the state machine (call-machine.ts), and owns the recovery policy:
 *
 * - WebSocket loss (server restart, network change): JsSIP reconnects by itself, with a random
 *   delay between 1 and 4 s; on reconnect it registers again. A refused connection costs the
 *   server nothing, and sales staff need the phone back within seconds.
 * - REGISTER refused (wrong password, 403, timeout): we retry with exponential backoff from
 *   backoff.ts, because each of those attempts costs the registrar work and fills its log.
 *
 * See lib/sip/README.md for the life cycle of the phone in Chrome and Firefox.
 */
import { UA, WebSocketInterface, C as JsSipC, debug as jssipDebug } from 'jssip';
import type { RTCSession, EndEvent } from 'jssip/lib/RTCSession';
import type { RTCSessionEvent, UAConfiguration, UnRegisteredEvent } from 'jssip/lib/UA';
import type { DTMF_TRANSPORT } from 'jssip/lib/Constants';
import { AUTH_RETRY, Backoff, REGISTER_RETRY } from './backoff';
import { PhoneError } from './errors';
import type { MediaAdapter, Microphone } from './media';
import { isLive, nextStatus, type CallEvent } from './call-machine';
import { logger } from '../log';
import type {
  CallEndReason,
  CallView,
  DtmfMode,
  PhoneErrorCode,
  PhoneSnapshot,
  RegistrationStatus,
  RegistrationView,
  SipAccount,
  TestConnectionResult,
} from './types';

const log = logger('sip');

export interface SoftphoneOptions {
  account: SipAccount;
  media: MediaAdapter;
  dtmfMode: DtmfMode;
  iceServers: string[];
  /** Test builds: send only 127.0.0.1 candidates (the CI network is loopback only). */
  loopbackOnly: boolean;
  /** Called after every change of the snapshot. */
  onChange: () => void;
  /**
   * How long ICE gathering may run after the first candidate. On a closed network an
   * unreachable STUN server would otherwise hold the INVITE back for many seconds.
   */
  iceGatheringMs?: number;
  /** Dial an extension this long after the far end answers (PBXs need a moment to listen). */
  extensionDelayMs?: number;
}

interface CallEntry {
  view: CallView;
  session: RTCSession;
  mic?: Microphone;
  /** Digits to send as DTMF once the call is up (the `ext` of a dialled number). */
  pendingExt?: string;
}

/** Ended calls stay in the snapshot this long so the UI can say how they ended. */
const ENDED_VISIBLE_MS = 60_000;

const FAILURE_TO_END: Record<string, CallEndReason> = {
  [JsSipC.causes.BUSY]: 'busy',
  [JsSipC.causes.REJECTED]: 'rejected',
  [JsSipC.causes.NOT_FOUND]: 'not-found',
  [JsSipC.causes.UNAVAILABLE]: 'unavailable',
  [JsSipC.causes.NO_ANSWER]: 'no-answer',
  [JsSipC.causes.EXPIRES]: 'no-answer',
  [JsSipC.causes.CANCELED]: 'canceled',
  [JsSipC.causes.INCOMPATIBLE_SDP]: 'incompatible-media',
  [JsSipC.causes.MISSING_SDP]: 'incompatible-media',
  [JsSipC.causes.BAD_MEDIA_DESCRIPTION]: 'incompatible-media',
  [JsSipC.causes.CONNECTION_ERROR]: 'connection-lost',
  [JsSipC.causes.REQUEST_TIMEOUT]: 'connection-lost',
  [JsSipC.causes.RTP_TIMEOUT]: 'connection-lost',
  [JsSipC.causes.BYE]: 'hangup',
};

export class Softphone {
  private ua: UA | null = null;
  private readonly calls = new Map<string, CallEntry>();
  private registration: RegistrationView;
  private readonly authBackoff = new Backoff(AUTH_RETRY);
  private readonly registerBackoff = new Backoff(REGISTER_RETRY);
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private everConnected = false;
  private stopped = false;
  /** Set between ua.call() and the synchronous 'newRTCSession' it emits. */
  private dialing: { ext?: string; mic: Microphone } | null = null;
  /** An INVITE with Replaces (attended transfer to us) is answered without asking. */
  private answerNextIncoming = false;

  constructor(private readonly opts: SoftphoneOptions) {
    this.registration = { status: 'connecting', failures: 0, since: Date.now() };
  }

  /** JsSIP's own SIP trace, switched with the options page's debug logging. */
  static setJsSipDebug(on: boolean): void {
    if (on) jssipDebug.enable('JsSIP:*');
    else jssipDebug.disable();
  }

  start(): void {
    const { account } = this.opts;
    this.stopped = false;
    const socket = new WebSocketInterface(account.wsUrl);
    const config: UAConfiguration = {
      sockets: [socket],
      uri: account.sipUri,
      authorization_user: account.authUser || undefined,
      password: account.password,
      display_name: account.displayName || undefined,
      register: true,
      // Five minutes keeps a dead binding short-lived at the registrar; JsSIP refreshes early.
      register_expires: 300,
      session_timers: false,
      connection_recovery_min_interval: 1,
      connection_recovery_max_interval: 4,
      user_agent: 'Callbridge',
    };
    const ua = new UA(config);
    this.ua = ua;
    this.registration.aor = account.sipUri;

    ua.on('connecting', () => {
      if (this.registration.status !== 'waiting-retry') this.setRegistration('connecting');
    });
    ua.on('connected', () => {
      this.everConnected = true;
      this.setRegistration('registering');
    });
    ua.on('disconnected', () => {
      if (this.stopped) return;
      // JsSIP schedules the reconnect itself; we only say why we wait.
      this.setRegistration('waiting-retry', {
        error: this.everConnected ? 'ws-closed' : 'unreachable',
        failures: this.registration.failures + 1,
      });
    });
    ua.on('registered', () => {
      this.authBackoff.reset();
      this.registerBackoff.reset();
      this.clearRetry();
      this.setRegistration('registered', { failures: 0 });
    });
    ua.on('unregistered', () => {
      if (!this.stopped && this.registration.status === 'registered')
        this.setRegistration('registering');
    });
    ua.on('registrationFailed', (e) => {
      if (e.cause === JsSipC.causes.CONNECTION_ERROR) return; // 'disconnected' covers it
      const { error, detail } = registrationFailure(e);
      const backoff =
        error === 'auth-failed' || error === 'forbidden' ? this.authBackoff : this.registerBackoff;
      this.scheduleRetry(error, detail, backoff.next());
    });
    ua.on('newRTCSession', (e: RTCSessionEvent) => this.onNewSession(e));
    log('starting UA for %s via %s', account.sipUri, account.wsUrl);
    ua.start();
  }

  /** Unregisters, ends every call and closes the WebSocket. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearRetry();
    const ua = this.ua;
    this.ua = null;
    if (!ua) return;
    for (const entry of this.calls.values()) {
      if (isLive(entry.view.status)) this.safeTerminate(entry.session);
    }
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      ua.once('disconnected', done);
      ua.stop();
      // JsSIP waits for the un-REGISTER; a dead server must not hold the caller for long.
      setTimeout(done, 2000);
    });
    this.setRegistration('stopped', { failures: 0 });
  }

  snapshot(): PhoneSnapshot {
    const now = Date.now();
    const calls: CallView[] = [];
    for (const [id, entry] of this.calls) {
      if (entry.view.endedAt && now - entry.view.endedAt > ENDED_VISIBLE_MS) {
        this.calls.delete(id);
        continue;
      }
      calls.push({ ...entry.view });
    }
    calls.sort((a, b) => Number(a.status === 'ended') - Number(b.status === 'ended'));
    return { registration: { ...this.registration }, calls, updatedAt: now };
  }

  /** For media statistics; undefined once the call is gone. */
  peerConnection(callId: string): RTCPeerConnection | undefined {
    return this.calls.get(callId)?.session.connection ?? undefined;
  }

  setDtmfMode(mode: DtmfMode): void {
    this.opts.dtmfMode = mode;
  }

  // --- commands -------------------------------------------------------------------------------

  async call(target: string, ext?: string): Promise<string> {
    const ua = this.requireRegistered();
    const mic = await this.opts.media.getMicrophone();
    this.dialing = { ext, mic };
    try {
      const session = ua.call(target, {
        mediaStream: mic.stream,
        pcConfig: this.pcConfig(),
        rtcOfferConstraints: { offerToReceiveAudio: true, offerToReceiveVideo: false },
      });
      return session.id;
    } catch (err) {
      mic.release();
      throw new PhoneError('invalid-target', err instanceof Error ? err.message : String(err));
    } finally {
      this.dialing = null;
    }
  }

  async answer(callId: string): Promise<void> {
    const entry = this.requireCall(callId);
    this.transition(entry, 'answer');
    let mic: Microphone;
    try {
      mic = await this.opts.media.getMicrophone();
    } catch (err) {
      // Without a microphone the call cannot be taken; tell the caller we are unavailable
      // instead of leaving them ringing.
      this.safeTerminate(entry.session, 480);
      throw err;
    }
    if (entry.view.status === 'ended') {
      mic.release();
      throw new PhoneError('no-such-call', 'the caller hung up');
    }
    entry.mic = mic;
    this.watchMicrophone(entry);
    entry.session.answer({ mediaStream: mic.stream, pcConfig: this.pcConfig() });
  }

  decline(callId: string, busy: boolean): void {
    const entry = this.requireCall(callId);
    if (entry.view.status !== 'incoming') throw new PhoneError('illegal-state', entry.view.status);
    // 486 Busy Here lets the PBX try voicemail or the next agent; 603 Decline ends the attempt.
    entry.session.terminate({ status_code: busy ? 486 : 603 });
  }

  hangup(callId: string): void {
    const entry = this.requireCall(callId);
    entry.session.terminate();
  }

  setHold(callId: string, on: boolean): void {
    const entry = this.requireCall(callId);
    const ok = on ? entry.session.hold() : entry.session.unhold();
    if (!ok)
      throw new PhoneError('illegal-state', `${on ? 'hold' : 'unhold'} in ${entry.view.status}`);
  }

  setMute(callId: string, on: boolean): void {
    const entry = this.requireCall(callId);
    if (on) entry.session.mute({ audio: true });
    else entry.session.unmute({ audio: true });
  }

  sendDtmf(callId: string, tones: string): void {
    const entry = this.requireCall(callId);
    if (entry.view.status !== 'active') throw new PhoneError('illegal-state', entry.view.status);
    entry.session.sendDTMF(tones, {
      transportType: this.dtmfTransport(entry.session),
      duration: 120,
      interToneGap: 80,
    });
    entry.view.dtmfSent += tones;
    this.changed();
  }

  /** REFER the other party to `target`; our leg ends once the target answers. */
  blindTransfer(callId: string, target: string): void {
    const entry = this.requireCall(callId);
    if (entry.view.status !== 'active' && entry.view.status !== 'held')
      throw new PhoneError('illegal-state', entry.view.status);
    this.refer(entry, target, 'blind');
  }

  /**
   * Attended transfer: `callId` (usually on hold) is connected to the party of `consultCallId`
   * with REFER + Replaces, so the consulted colleague keeps talking without a new ring.
   */
  attendedTransfer(callId: string, consultCallId: string): void {
    const entry = this.requireCall(callId);
    const consult = this.requireCall(consultCallId);
    if (consult.view.status !== 'active' && consult.view.status !== 'held')
      throw new PhoneError('illegal-state', `consultation is ${consult.view.status}`);
    this.refer(entry, consult.session.remote_identity.uri.toString(), 'attended', consult.session);
  }

  // --- internals ------------------------------------------------------------------------------

  private refer(
    entry: CallEntry,
    target: string,
    kind: 'blind' | 'attended',
    replaces?: RTCSession,
  ): void {
    entry.view.transfer = { kind, target, status: 'pending' };
    this.changed();
    const done = (status: 'accepted' | 'failed') => {
      if (!entry.view.transfer) return;
      entry.view.transfer = { ...entry.view.transfer, status };
      if (status === 'accepted') {
        entry.view.end = { reason: 'transferred', by: 'local' };
        this.safeTerminate(entry.session);
        if (replaces) this.safeTerminate(replaces);
      }
      this.changed();
    };
    try {
      entry.session.refer(target, {
        ...(replaces ? { replaces } : {}),
        eventHandlers: {
          // NOTIFY sipfrag 2xx: the transferee reached the target.
          accepted: () => done('accepted'),
          failed: () => done('failed'),
          requestFailed: () => done('failed'),
        },
      });
    } catch (err) {
      done('failed');
      throw new PhoneError('transfer-failed', err instanceof Error ? err.message : String(err));
    }
  }

  private onNewSession(e: RTCSessionEvent): void {
    const session = e.session;
    const incoming = e.originator === 'remote';
    const identity = session.remote_identity;
    const view: CallView = {
      id: session.id,
      direction: incoming ? 'incoming' : 'outgoing',
      status: incoming ? 'incoming' : 'dialing',
      remoteNumber: identity.uri.user ?? identity.uri.toString(),
      remoteName: identity.display_name || undefined,
      muted: false,
      remoteHold: false,
      createdAt: Date.now(),
      dtmfSent: '',
    };
    const entry: CallEntry = { view, session };
    if (!incoming && this.dialing) {
      entry.mic = this.dialing.mic;
      entry.pendingExt = this.dialing.ext;
      this.dialing = null;
    }
    this.calls.set(view.id, entry);
    log('%s call %s with %s', view.direction, view.id, view.remoteNumber);
    this.wireSession(entry);
    this.watchMicrophone(entry);
    this.changed();

    if (incoming && this.answerNextIncoming) {
      this.answerNextIncoming = false;
      void this.answer(view.id).catch((err: unknown) => log('auto-answer failed: %o', err));
    }
  }

  private wireSession(entry: CallEntry): void {
    const { session, view } = entry;
    const incoming = view.direction === 'incoming';

    session.on('progress', () => {
      if (!incoming) this.transition(entry, 'progress');
    });
    session.on('accepted', () => {
      if (!incoming) this.establish(entry);
    });
    session.on('confirmed', () => {
      if (incoming) this.establish(entry);
    });
    session.on('ended', (ev: EndEvent) => this.finish(entry, ev, 'hangup'));
    session.on('failed', (ev: EndEvent) =>
      this.finish(entry, ev, FAILURE_TO_END[ev.cause as string] ?? 'failed'),
    );
    session.on('hold', (ev) => {
      if (ev.originator === 'remote') view.remoteHold = true;
      else this.transition(entry, 'hold');
      this.changed();
    });
    session.on('unhold', (ev) => {
      if (ev.originator === 'remote') view.remoteHold = false;
      else this.transition(entry, 'unhold');
      this.changed();
    });
    session.on('muted', () => {
      view.muted = true;
      this.changed();
    });
    session.on('unmuted', () => {
      view.muted = false;
      this.changed();
    });
    session.on('peerconnection', ({ peerconnection }) =>
      this.wirePeerConnection(entry, peerconnection),
    );
    session.on('icecandidate', ({ ready }) => {
      // The first candidate starts the clock; host candidates come at once, STUN ones within
      // a few hundred ms when the server is reachable at all.
      setTimeout(ready, this.opts.iceGatheringMs ?? 400);
    });
    session.on('sdp', (ev) => {
      if (ev.originator === 'local' && this.opts.loopbackOnly)
        ev.sdp = keepLoopbackCandidates(ev.sdp);
    });
    // Someone (the other party or the PBX) transfers us: call the new target. JsSIP creates the
    // new session synchronously inside accept(), so it takes the microphone like a dialled call.
    session.on('refer', (ev) => {
      void this.opts.media.getMicrophone().then(
        (mic) => {
          this.dialing = { mic };
          try {
            ev.accept(undefined, { mediaStream: mic.stream, pcConfig: this.pcConfig() });
          } finally {
            // Still set: no session took the microphone.
            if (this.dialing?.mic === mic) mic.release();
            this.dialing = null;
          }
        },
        () => ev.reject(),
      );
    });
    // An attended transfer lands on us: the new INVITE replaces this call.
    session.on('replaces', (ev) => {
      this.answerNextIncoming = true;
      ev.accept();
    });

    // An outgoing session's peer connection exists before the listeners are attached.
    if (session.connection) this.wirePeerConnection(entry, session.connection);
  }

  private wirePeerConnection(entry: CallEntry, pc: RTCPeerConnection): void {
    const play = (stream: MediaStream) => this.opts.media.playRemote(entry.view.id, stream);
    pc.addEventListener('track', (ev) => {
      const [stream] = ev.streams;
      play(stream ?? new MediaStream([ev.track]));
    });
    pc.addEventListener('iceconnectionstatechange', () => {
      if (pc.iceConnectionState === 'failed' && isLive(entry.view.status)) {
        log('ICE failed on %s', entry.view.id);
        entry.view.end = { reason: 'ice-failed', by: 'system' };
        this.safeTerminate(entry.session);
      }
    });
  }

  /**
   * A microphone that ends by itself (Firefox: the call window holding it was closed) ends its
   * call: the other party would otherwise hear silence with nothing on our side saying why.
   */
  private watchMicrophone(entry: CallEntry): void {
    entry.mic?.onLost(() => {
      if (!isLive(entry.view.status)) return;
      log('microphone of %s lost; ending the call', entry.view.id);
      entry.view.end = { reason: 'microphone-lost', by: 'system' };
      this.safeTerminate(entry.session);
    });
  }

  private establish(entry: CallEntry): void {
    if (entry.view.status === 'active') return;
    this.transition(entry, 'established');
    entry.view.answeredAt = Date.now();
    this.changed();
    const ext = entry.pendingExt;
    if (ext) {
      entry.pendingExt = undefined;
      setTimeout(() => {
        if (entry.view.status === 'active') this.sendDtmf(entry.view.id, ext);
      }, this.opts.extensionDelayMs ?? 1500);
    }
  }

  private finish(entry: CallEntry, ev: EndEvent, reason: CallEndReason): void {
    const { view } = entry;
    if (view.status === 'ended') return;
    view.status = nextStatus(view.status, 'end');
    view.endedAt = Date.now();
    const code = ev.message && 'status_code' in ev.message ? ev.message.status_code : undefined;
    view.end ??= { reason, by: ev.originator, ...(code ? { code } : {}) };
    entry.mic?.release();
    this.opts.media.stopRemote(view.id);
    log('call %s ended: %o', view.id, view.end);
    this.changed();
  }

  private transition(entry: CallEntry, event: CallEvent): void {
    entry.view.status = nextStatus(entry.view.status, event);
    this.changed();
  }

  private dtmfTransport(session: RTCSession): DTMF_TRANSPORT {
    const mode = this.opts.dtmfMode;
    if (mode === 'info') return JsSipC.DTMF_TRANSPORT.INFO;
    if (mode === 'rfc4733') return JsSipC.DTMF_TRANSPORT.RFC2833;
    // auto: in-band RFC 4733 events when the far end negotiated telephone-event, else SIP INFO.
    const remote = session.connection?.remoteDescription?.sdp ?? '';
    return /telephone-event/i.test(remote)
      ? JsSipC.DTMF_TRANSPORT.RFC2833
      : JsSipC.DTMF_TRANSPORT.INFO;
  }

  private pcConfig(): RTCConfiguration {
    return {
      iceServers: this.opts.iceServers.map((urls) => ({ urls })),
      // Fewer candidates, shorter SDP; WebRTC PBXs all support bundle and rtcp-mux.
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
    };
  }

  private requireRegistered(): UA {
    if (!this.ua || this.registration.status !== 'registered')
      throw new PhoneError('not-registered', this.registration.error);
    return this.ua;
  }

  private requireCall(callId: string): CallEntry {
    const entry = this.calls.get(callId);
    if (!entry || entry.view.status === 'ended') throw new PhoneError('no-such-call', callId);
    return entry;
  }

  private scheduleRetry(error: PhoneErrorCode, detail: string, delayMs: number): void {
    this.clearRetry();
    log('registration failed (%s, %s); retry in %d ms', error, detail, delayMs);
    this.setRegistration('waiting-retry', {
      error,
      detail,
      retryAt: Date.now() + delayMs,
      failures: this.registration.failures + 1,
    });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.ua || this.stopped) return;
      this.setRegistration('registering', { error, detail, failures: this.registration.failures });
      this.ua.register();
    }, delayMs);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private setRegistration(status: RegistrationStatus, extra: Partial<RegistrationView> = {}): void {
    this.registration = {
      status,
      failures: extra.failures ?? this.registration.failures,
      aor: this.registration.aor,
      since: Date.now(),
      ...(extra.error ? { error: extra.error } : {}),
      ...(extra.detail ? { detail: extra.detail } : {}),
      ...(extra.retryAt ? { retryAt: extra.retryAt } : {}),
    };
    this.changed();
  }

  private safeTerminate(session: RTCSession, statusCode?: number): void {
    try {
      if (!session.isEnded())
        session.terminate(statusCode ? { status_code: statusCode } : undefined);
    } catch (err) {
      log('terminate failed: %o', err);
    }
  }

  private changed(): void {
    this.opts.onChange();
  }
}

/**
 * Registers once with the given account and unregisters again: the options page's
 * "Test connection". Resolves with the exact failure instead of throwing.
 */
export function testConnection(
  account: SipAccount,
  timeoutMs = 8000,
): Promise<TestConnectionResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let ua: UA;
    let everConnected = false;
    let settled = false;
    const finish = (result: TestConnectionResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        ua.stop();
      } catch {
        // Already stopped.
      }
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ ok: false, error: everConnected ? 'timeout' : 'unreachable' }),
      timeoutMs,
    );
    try {
      ua = new UA({
        sockets: [new WebSocketInterface(account.wsUrl)],
        uri: account.sipUri,
        authorization_user: account.authUser || undefined,
        password: account.password,
        register: true,
        register_expires: 60,
        // One attempt only: a test that retries hides the failure it should show.
        connection_recovery_min_interval: 60,
        connection_recovery_max_interval: 60,
        user_agent: 'Callbridge (connection test)',
      });
    } catch (err) {
      clearTimeout(timer);
      resolve({
        ok: false,
        error: 'internal',
        detail: err instanceof Error ? err.message : String(err),
      });
      return;
    }
    ua.on('connected', () => {
      everConnected = true;
    });
    ua.on('disconnected', () => {
      finish({
        ok: false,
        error: everConnected ? 'ws-closed' : 'unreachable',
        detail: account.wsUrl,
      });
    });
    ua.on('registered', () => {
      ua.unregister();
      finish({ ok: true, ms: Date.now() - started });
    });
    ua.on('registrationFailed', (e) => finish({ ok: false, ...registrationFailure(e) }));
    ua.start();
  });
}

/**
 * Why a REGISTER was refused, for the phone's retry policy and for "Test connection" alike:
 * 401/407 after our credentials is a wrong password, 403 a refused account.
 */
function registrationFailure(e: UnRegisteredEvent): { error: PhoneErrorCode; detail: string } {
  const code = e.response?.status_code;
  const error: PhoneErrorCode =
    e.cause === JsSipC.causes.AUTHENTICATION_ERROR
      ? 'auth-failed'
      : code === 403
        ? 'forbidden'
        : e.cause === JsSipC.causes.REQUEST_TIMEOUT
          ? 'timeout'
          : 'internal';
  const detail = e.response
    ? `${e.response.status_code} ${e.response.reason_phrase}`
    : String(e.cause ?? 'unknown');
  return { error, detail };
}

/**
 * Keeps only 127.0.0.1 ICE candidates in an SDP (test builds on a loopback-only network).
 * Firefox never gathers 127.0.0.1 candidates (not even with media.peerconnection.ice.loopback),
 * so filtering its SDP would leave no candidate at all and ICE would fail; an SDP without any
 * loopback candidate is left as it is: its host candidates are this machine's own addresses.
 */
export function keepLoopbackCandidates(sdp: string): string {
  const lines = sdp.split(/\r\n/);
  const isLoopback = (line: string) => / 127\.0\.0\.1 /.test(line);
  if (!lines.some((line) => line.startsWith('a=candidate:') && isLoopback(line))) return sdp;
  return lines.filter((line) => !line.startsWith('a=candidate:') || isLoopback(line)).join('\r\n');
}
