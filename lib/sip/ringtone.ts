import { routeTo } from './media';

/**
 * The ringtone, played by the phone host (offscreen document or Firefox background page), so it
 * is heard with no tab focused and on its own output device. The tone is synthesised (a
 * European-style 425 Hz ring, 1 s on, 3 s off) instead of shipped as a file: no asset to load,
 * nothing to decode, and it works in the offscreen document before any user gesture.
 */
export class Ringtone {
  private readonly el: HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
  private url: string | undefined;

  constructor(doc: Document = document) {
    this.el = doc.createElement('audio');
    this.el.id = 'callbridge-ringtone';
    this.el.loop = true;
    doc.body.append(this.el);
  }

  get playing(): boolean {
    return !this.el.paused;
  }

  async setDevice(deviceId: string): Promise<void> {
    await routeTo(this.el, deviceId);
  }

  start(): void {
    if (this.playing) return;
    this.url ??= URL.createObjectURL(new Blob([ringWav()], { type: 'audio/wav' }));
    this.el.src = this.url;
    this.el.currentTime = 0;
    void this.el.play().catch(() => {
      // Autoplay refused (should not happen in extension pages): the notification still shows.
    });
  }

  stop(): void {
    this.el.pause();
  }
}

/** One ring cycle as 16-bit mono PCM WAV: 1 s of 425 Hz with soft edges, then 3 s of silence. */
export function ringWav(sampleRate = 8000): ArrayBuffer {
  const onSamples = sampleRate;
  const total = sampleRate * 4;
  const buffer = new ArrayBuffer(44 + total * 2);
  const v = new DataView(buffer);
  const ascii = (offset: number, s: string) =>
    [...s].forEach((c, i) => v.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + total * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, 1, true); // mono
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  ascii(36, 'data');
  v.setUint32(40, total * 2, true);
  const fade = sampleRate * 0.02;
  for (let i = 0; i < onSamples; i++) {
    const edge = Math.min(1, i / fade, (onSamples - i) / fade);
    const sample = Math.sin((2 * Math.PI * 425 * i) / sampleRate) * 0.5 * edge;
    v.setInt16(44 + i * 2, Math.round(sample * 32767), true);
  }
  return buffer;
}
