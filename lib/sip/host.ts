import { parsePhoneCommand } from './commands';
import { DeviceMedia, ownPageMicrophone, type MicrophoneSource } from './media';
import { Ringtone } from './ringtone';
import { PhoneError } from './errors';
import { Softphone, testConnection } from './softphone';
import { readMediaStats, type CallMediaStats } from './stats';
import type {
  CommandResult,
  HostConfig,
  PhoneSnapshot,
  SipAccount,
  TestConnectionResult,
} from './types';
import { logger, setDebugLogging } from '../log';

const log = logger('host');

/**
 * The one phone of the browser. It lives in the offscreen document (Chrome) or in the
 * persistent background page (Firefox) and is driven only by the background, which forwards
 * the popup's, the notifications' and the content scripts' requests. It owns the softphone,
 * the audio devices and the ringtone, and reports every change through `onChange`.
 */
export class PhoneHost {
  private phone: Softphone | null = null;
  private config: HostConfig | null = null;
  private readonly media: DeviceMedia;
  private readonly ringtone: Ringtone;
  private notifyScheduled = false;

  /**
   * @param microphone where captures come from: this page (Chrome's offscreen document) or, in
   *   Firefox's background page, the call window (call-window-microphone.ts).
   */
  constructor(
    private readonly onChange: (snapshot: PhoneSnapshot) => void,
    doc: Document = document,
    microphone: MicrophoneSource = ownPageMicrophone,
  ) {
    const devices = { microphoneId: '', speakerId: '', ringtoneId: '' };
    this.media = new DeviceMedia(devices, doc, microphone);
    this.ringtone = new Ringtone(doc);
  }

  /** Applies settings; restarts the user agent only when the account or on/off changed. */
  async configure(next: HostConfig): Promise<void> {
    const prev = this.config;
    this.config = next;
    setDebugLogging(next.debug);
    Softphone.setJsSipDebug(next.debug);
    this.media.setDevices(next.devices);
    void this.ringtone.setDevice(next.devices.ringtoneId);
    const restart =
      !prev ||
      prev.enabled !== next.enabled ||
      prev.loopbackOnly !== next.loopbackOnly ||
      prev.iceServers.join() !== next.iceServers.join() ||
      JSON.stringify(prev.account) !== JSON.stringify(next.account);
    if (!restart) {
      this.phone?.setDtmfMode(next.dtmfMode);
      return;
    }
    if (this.phone) {
      const old = this.phone;
      this.phone = null;
      await old.stop();
    }
    if (next.account && next.enabled) {
      log('starting the phone for %s', next.account.sipUri);
      this.phone = new Softphone({
        account: next.account,
        media: this.media,
        dtmfMode: next.dtmfMode,
        iceServers: next.iceServers,
        loopbackOnly: next.loopbackOnly,
        onChange: () => this.scheduleNotify(),
      });
      this.phone.start();
    }
    this.scheduleNotify();
  }

  get configured(): boolean {
    return this.config !== null;
  }

  snapshot(): PhoneSnapshot {
    if (this.phone) return { ...this.phone.snapshot(), ringtone: this.ringtone.playing };
    const status = this.config?.account ? 'stopped' : 'unconfigured';
    return {
      registration: { status, failures: 0, since: Date.now() },
      calls: [],
      updatedAt: Date.now(),
    };
  }

  async command(input: unknown): Promise<CommandResult> {
    const cmd = parsePhoneCommand(input);
    if (!cmd) return { ok: false, error: 'internal', detail: 'malformed command' };
    try {
      if (cmd.type === 'set-enabled') {
        if (this.config) await this.configure({ ...this.config, enabled: cmd.on });
        return { ok: true };
      }
      const phone = this.phone;
      if (!phone)
        return { ok: false, error: this.config?.account ? 'not-registered' : 'not-configured' };
      switch (cmd.type) {
        case 'dial':
          return { ok: true, callId: await phone.call(cmd.target, cmd.ext) };
        case 'answer':
          await phone.answer(cmd.callId);
          break;
        case 'decline':
          phone.decline(cmd.callId, cmd.busy ?? false);
          break;
        case 'hangup':
          phone.hangup(cmd.callId);
          break;
        case 'hold':
          phone.setHold(cmd.callId, cmd.on);
          break;
        case 'mute':
          phone.setMute(cmd.callId, cmd.on);
          break;
        case 'dtmf':
          phone.sendDtmf(cmd.callId, cmd.tones);
          break;
        case 'blind-transfer':
          phone.blindTransfer(cmd.callId, cmd.target);
          break;
        case 'attended-transfer':
          phone.attendedTransfer(cmd.callId, cmd.consultCallId);
          break;
      }
      return { ok: true };
    } catch (err) {
      if (err instanceof PhoneError) return { ok: false, error: err.code, detail: err.detail };
      log('command %s failed: %o', cmd.type, err);
      return {
        ok: false,
        error: 'internal',
        detail: err instanceof Error ? err.message : String(err),
      };
    }
  }

  testConnection(account: SipAccount): Promise<TestConnectionResult> {
    return testConnection(account);
  }

  async stats(): Promise<CallMediaStats[]> {
    const phone = this.phone;
    if (!phone) return [];
    const live = phone.snapshot().calls.filter((c) => c.status !== 'ended');
    return Promise.all(live.map((c) => readMediaStats(c.id, phone.peerConnection(c.id))));
  }

  /** Coalesces bursts of JsSIP events into one report per task. */
  private scheduleNotify(): void {
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      const snapshot = this.snapshot();
      const ringing = snapshot.calls.some((c) => c.status === 'incoming');
      if (ringing) this.ringtone.start();
      else this.ringtone.stop();
      this.onChange({ ...snapshot, ringtone: this.ringtone.playing });
    });
  }
}
