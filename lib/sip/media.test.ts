import { afterEach, describe, expect, it, vi } from 'vitest';
import { PhoneError } from './errors';
import { DeviceMedia, type Microphone, type MicrophoneSource } from './media';

const fakeStream = { getTracks: () => [] } as unknown as MediaStream;

function withGetUserMedia(impl: (c: MediaStreamConstraints) => Promise<MediaStream>) {
  const getUserMedia = vi.fn(impl);
  Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
  return getUserMedia;
}

const dom = (name: string) => new DOMException('x', name);
const devices = (microphoneId = '') => ({ microphoneId, speakerId: '', ringtoneId: '' });

describe('DeviceMedia.getMicrophone', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks for the chosen device exactly', async () => {
    const gum = withGetUserMedia(async () => fakeStream);
    const media = new DeviceMedia(devices('mic-2'));
    await media.getMicrophone();
    expect(gum.mock.calls[0]![0].audio).toMatchObject({ deviceId: { exact: 'mic-2' } });
  });

  it('falls back to the default microphone when the chosen one was unplugged', async () => {
    const gum = withGetUserMedia(async (c) => {
      if (typeof c.audio === 'object' && 'deviceId' in c.audio) throw dom('OverconstrainedError');
      return fakeStream;
    });
    const media = new DeviceMedia(devices('gone'));
    const mic = await media.getMicrophone();
    expect(mic.stream).toBe(fakeStream);
    expect(gum).toHaveBeenCalledTimes(2);
  });

  it('names the failure: no microphone vs not allowed', async () => {
    const media = new DeviceMedia(devices());
    withGetUserMedia(async () => {
      throw dom('NotFoundError');
    });
    await expect(media.getMicrophone()).rejects.toMatchObject({ code: 'no-microphone' });
    withGetUserMedia(async () => {
      throw dom('NotAllowedError');
    });
    const err = await media.getMicrophone().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PhoneError);
    expect(err).toMatchObject({ code: 'microphone-denied' });
  });

  it('releases its own page capture by stopping the tracks, once', async () => {
    const stop = vi.fn();
    withGetUserMedia(async () => ({ getTracks: () => [{ stop }] }) as unknown as MediaStream);
    const mic = await new DeviceMedia(devices()).getMicrophone();
    mic.release();
    mic.release();
    expect(stop).toHaveBeenCalledTimes(1);
  });
});

describe('DeviceMedia with another microphone source (Firefox: the call window)', () => {
  const capture = (impl: MicrophoneSource['capture']) => ({ capture: vi.fn(impl) });
  const mic: Microphone = { stream: fakeStream, release: () => {}, onLost: () => {} };

  it('captures through the source, with the same constraints, and not through its own page', async () => {
    const gum = withGetUserMedia(async () => fakeStream);
    const source = capture(async () => mic);
    const media = new DeviceMedia(devices('mic-2'), document, source);
    await expect(media.getMicrophone()).resolves.toBe(mic);
    expect(source.capture.mock.calls[0]![0].audio).toMatchObject({
      deviceId: { exact: 'mic-2' },
      echoCancellation: true,
    });
    expect(gum).not.toHaveBeenCalled();
  });

  it("understands another window's errors, which are not this window's DOMExceptions", async () => {
    // What Firefox's call window throws, seen from the background page: a foreign DOMException.
    const foreign = (name: string) => ({ name, message: `${name} from the call window` });
    const denied = new DeviceMedia(
      devices(),
      document,
      capture(() => Promise.reject(foreign('NotAllowedError'))),
    );
    await expect(denied.getMicrophone()).rejects.toMatchObject({ code: 'microphone-denied' });

    let calls = 0;
    const unplugged = new DeviceMedia(
      devices('gone'),
      document,
      capture(async () => {
        if (calls++ === 0) throw foreign('OverconstrainedError');
        return mic;
      }),
    );
    await expect(unplugged.getMicrophone()).resolves.toBe(mic);
  });

  it("passes the source's own PhoneError through", async () => {
    const failing = capture(() => Promise.reject(new PhoneError('internal', 'no call window')));
    const media = new DeviceMedia(devices(), document, failing);
    await expect(media.getMicrophone()).rejects.toMatchObject({
      code: 'internal',
      detail: 'no call window',
    });
  });
});
