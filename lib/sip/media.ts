import { PhoneError } from './errors';
import type { AudioDevices } from './types';
import { logger } from '../log';

const log = logger('host');

/** Where the softphone's audio comes from and goes to. */
export interface MediaAdapter {
  /** The microphone, honouring the chosen device; throws PhoneError no-microphone/denied. */
  getMicrophone(): Promise<MediaStream>;
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
  ) {}

  setDevices(devices: AudioDevices): void {
    this.devices = devices;
    for (const el of this.players.values()) void routeTo(el, devices.speakerId);
  }

  async getMicrophone(): Promise<MediaStream> {
    const base: MediaTrackConstraints = {
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
    };
    const wanted = this.devices.microphoneId;
    try {
      return await navigator.mediaDevices.getUserMedia({
        audio: wanted ? { ...base, deviceId: { exact: wanted } } : base,
      });
    } catch (err) {
      const name = err instanceof DOMException ? err.name : '';
      if (wanted && (name === 'OverconstrainedError' || name === 'NotFoundError')) {
        log('chosen microphone %s is gone; using the default one', wanted);
        return this.getDefaultMicrophone(base);
      }
      throw toPhoneError(err);
    }
  }

  private async getDefaultMicrophone(base: MediaTrackConstraints): Promise<MediaStream> {
    try {
      return await navigator.mediaDevices.getUserMedia({ audio: base });
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

function toPhoneError(err: unknown): PhoneError {
  const name = err instanceof DOMException ? err.name : '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError')
    return new PhoneError('no-microphone', message);
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return new PhoneError('microphone-denied', message);
  return new PhoneError('internal', message);
}
