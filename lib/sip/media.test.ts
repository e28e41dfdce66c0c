import { afterEach, describe, expect, it, vi } from 'vitest';
import { PhoneError } from './errors';
import { DeviceMedia } from './media';

const fakeStream = { getTracks: () => [] } as unknown as MediaStream;

function withGetUserMedia(impl: (c: MediaStreamConstraints) => Promise<MediaStream>) {
  const getUserMedia = vi.fn(impl);
  Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
  return getUserMedia;
}

const dom = (name: string) => new DOMException('x', name);

describe('DeviceMedia.getMicrophone', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks for the chosen device exactly', async () => {
    const gum = withGetUserMedia(async () => fakeStream);
    const media = new DeviceMedia({ microphoneId: 'mic-2', speakerId: '', ringtoneId: '' });
    await media.getMicrophone();
    expect(gum.mock.calls[0]![0].audio).toMatchObject({ deviceId: { exact: 'mic-2' } });
  });

  it('falls back to the default microphone when the chosen one was unplugged', async () => {
    const gum = withGetUserMedia(async (c) => {
      if (typeof c.audio === 'object' && 'deviceId' in c.audio) throw dom('OverconstrainedError');
      return fakeStream;
    });
    const media = new DeviceMedia({ microphoneId: 'gone', speakerId: '', ringtoneId: '' });
    await expect(media.getMicrophone()).resolves.toBe(fakeStream);
    expect(gum).toHaveBeenCalledTimes(2);
  });

  it('names the failure: no microphone vs not allowed', async () => {
    const media = new DeviceMedia({ microphoneId: '', speakerId: '', ringtoneId: '' });
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
});
