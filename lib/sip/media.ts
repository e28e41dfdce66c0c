import { PhoneError } from './errors';
import type { AudioDevices } from './types';
import { logger } from '../log';

const log = logger('host');

/**
 * A running microphone capture. Its stream may belong to another window than the phone's
 * (Firefox: the call window), so it is stopped through `release()`, never by touching its tracks
 * after the fact: once that window is gone, every object from it is dead and throws on access.
 */
export interface Microphone {
  readonly stream: MediaStream;
  /** Stops the capture. Safe to call more than once, and after its window went away. */
  release(): void;
  /**
   * Calls `listener` once if the capture ends by itself — in Firefox, when the call window that
   * holds it is closed or reloaded. Never after release(); later than the loss if registered
   * after it (asynchronously, so a caller still setting up a call is not cut short mid-way).
   */
  onLost(listener: () => void): void;
}

/**
 * Where captures come from. Chrome's offscreen document captures in its own page
 * (`ownPageMicrophone`). Firefox refuses getUserMedia in extension background pages, so its
 * background asks a visible extension page, the call window (call-window-microphone.ts).
 */
export interface MicrophoneSource {
  /** Starts a capture; rejects as getUserMedia does (errors named like DOMExceptions). */
  capture(constraints: MediaStreamConstraints): Promise<Microphone>;
}

/** Captures with this page's own getUserMedia. Such a capture is never lost by itself. */
export const ownPageMicrophone: MicrophoneSource = {
  async capture(constraints) {
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    let released = false;
    return {
      stream,
      release() {
        if (released) return;
        released = true;
        stream.getTracks().forEach((t) => t.stop());
      },
      onLost() {},
    };
  },
};

/** Where the softphone's audio comes from and goes to. */
export interface MediaAdapter {
  /** The microphone, honouring the chosen device; throws PhoneError no-microphone/denied. */
  getMicrophone(): Promise<Microphone>;
  playRemote(callId: string, stream: MediaStream): void;
  stopRemote(callId: string): void;
}

/** Chromium and Firefox both have setSinkId on media elements now; the type lags behind. */
type SinkElement = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/**
 * Real audio devices for the softphone: the chosen microphone (falling back to the default one
 * when the chosen device is gone, e.g. a headset unplugged) and one hidden <audio> element per
 * call routed to the chosen speaker.
 */
export class DeviceMedia implements MediaAdapter {
  private readonly players = new Map<string, SinkElement>();

  constructor(
    private devices: AudioDevices,
    private readonly doc: Document = document,
    private readonly source: MicrophoneSource = ownPageMicrophone,
  ) {}

  setDevices(devices: AudioDevices): void {
    this.devices = devices;
    for (const el of this.players.values()) void routeTo(el, devices.speakerId);
  }

  async getMicrophone(): Promise<Microphone> {
    const base: MediaTrackConstraints = {
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
    };
    const wanted = this.devices.microphoneId;
    try {
      return await this.source.capture({
        audio: wanted ? { ...base, deviceId: { exact: wanted } } : base,
      });
    } catch (err) {
      const name = errorName(err);
      if (wanted && (name === 'OverconstrainedError' || name === 'NotFoundError')) {
        log('chosen microphone %s is gone; using the default one', wanted);
        return this.getDefaultMicrophone(base);
      }
      throw toPhoneError(err);
    }
  }

  private async getDefaultMicrophone(base: MediaTrackConstraints): Promise<Microphone> {
    try {
      return await this.source.capture({ audio: base });
    } catch (err) {
      throw toPhoneError(err);
    }
  }

  playRemote(callId: string, stream: MediaStream): void {
    let el = this.players.get(callId);
    if (!el) {
      el = this.doc.createElement('audio') as SinkElement;
      el.autoplay = true;
      el.dataset.callId = callId;
      this.doc.body.append(el);
      this.players.set(callId, el);
      void routeTo(el, this.devices.speakerId);
    }
    el.srcObject = stream;
    void el.play().catch((err: unknown) => log('remote audio did not start: %o', err));
  }

  stopRemote(callId: string): void {
    const el = this.players.get(callId);
    if (!el) return;
    el.srcObject = null;
    el.remove();
    this.players.delete(callId);
  }
}

export async function routeTo(el: SinkElement, deviceId: string): Promise<void> {
  if (!deviceId || typeof el.setSinkId !== 'function') return;
  try {
    await el.setSinkId(deviceId);
  } catch (err) {
    // A device that disappeared: keep playing on the default output rather than in silence.
    log('output device %s unavailable: %o', deviceId, err);
  }
}

/**
 * The name of a getUserMedia failure. Not `instanceof DOMException`: an error thrown by another
 * window's getUserMedia (Firefox's call window) is an instance of that window's DOMException.
 */
function errorName(err: unknown): string {
  if (typeof err !== 'object' || err === null) return '';
  const name = (err as { name?: unknown }).name;
  return typeof name === 'string' ? name : '';
}

function toPhoneError(err: unknown): PhoneError {
  if (err instanceof PhoneError) return err;
  const name = errorName(err);
  const raw =
    typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : err;
  const message = typeof raw === 'string' ? raw : String(raw);
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError')
    return new PhoneError('no-microphone', message);
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return new PhoneError('microphone-denied', message);
  return new PhoneError('internal', message);
}
