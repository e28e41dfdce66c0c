import { describe, expect, it, vi } from 'vitest';
import { CallWindowMicrophone, PageCapture, type CapturingPage } from './call-window-microphone';

class FakeTrack extends EventTarget {
  stop = vi.fn();
}

function fakePage(stream: MediaStream) {
  const target = new EventTarget();
  const getUserMedia = vi.fn(async () => stream);
  const page = {
    navigator: { mediaDevices: { getUserMedia } },
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
  } satisfies CapturingPage;
  return { page, getUserMedia, close: () => target.dispatchEvent(new Event('pagehide')) };
}

function fakeStream() {
  const track = new FakeTrack();
  const stream = { getTracks: () => [track] } as unknown as MediaStream;
  return { track, stream };
}

describe('CallWindowMicrophone', () => {
  it("captures with the call window's getUserMedia, opening the window first", async () => {
    const { stream } = fakeStream();
    const { page, getUserMedia } = fakePage(stream);
    const open = vi.fn(async () => page);
    const mic = await new CallWindowMicrophone(open).capture({ audio: true });
    expect(open).toHaveBeenCalledOnce();
    expect(getUserMedia).toHaveBeenCalledWith({ audio: true });
    expect(mic.stream).toBe(stream);
  });

  it("rejects with the window's error as it is", async () => {
    const { page, getUserMedia } = fakePage(fakeStream().stream);
    const denied = { name: 'NotAllowedError', message: 'no' };
    getUserMedia.mockRejectedValueOnce(denied);
    await expect(new CallWindowMicrophone(async () => page).capture({ audio: true })).rejects.toBe(
      denied,
    );
  });

  it('takes the window closing while it asks for the microphone as a refusal', async () => {
    const { page, getUserMedia, close } = fakePage(fakeStream().stream);
    // What Firefox does: the prompt's promise dies with the window and never settles.
    getUserMedia.mockReturnValueOnce(new Promise<MediaStream>(() => {}));
    const capturing = new CallWindowMicrophone(async () => page).capture({ audio: true });
    await Promise.resolve();
    close();
    await expect(capturing).rejects.toMatchObject({ code: 'microphone-denied' });
  });
});

describe('PageCapture', () => {
  it('is lost, once, when the window holding it goes away', () => {
    const { stream } = fakeStream();
    const { page, close } = fakePage(stream);
    const capture = new PageCapture(page, stream);
    const lost = vi.fn();
    capture.onLost(lost);
    close();
    close();
    expect(lost).toHaveBeenCalledOnce();
    expect(capture.isLost).toBe(true);
  });

  it('is lost when its track ends (the microphone was unplugged)', () => {
    const { stream, track } = fakeStream();
    const capture = new PageCapture(fakePage(stream).page, stream);
    const lost = vi.fn();
    capture.onLost(lost);
    track.dispatchEvent(new Event('ended'));
    expect(lost).toHaveBeenCalledOnce();
  });

  it('tells a listener that comes after the loss, later rather than in the middle of its setup', async () => {
    const { stream } = fakeStream();
    const { page, close } = fakePage(stream);
    const capture = new PageCapture(page, stream);
    close();
    const lost = vi.fn();
    capture.onLost(lost);
    expect(lost).not.toHaveBeenCalled();
    await Promise.resolve();
    expect(lost).toHaveBeenCalledOnce();
  });

  it('stops its tracks on release and is then never lost', () => {
    const { stream, track } = fakeStream();
    const { page, close } = fakePage(stream);
    const capture = new PageCapture(page, stream);
    const lost = vi.fn();
    capture.onLost(lost);
    capture.release();
    capture.release();
    close();
    capture.onLost(lost);
    expect(track.stop).toHaveBeenCalledOnce();
    expect(lost).not.toHaveBeenCalled();
  });

  it('is lost at once when the window died before it could watch it', async () => {
    const { stream } = fakeStream();
    const dead = {
      ...fakePage(stream).page,
      addEventListener: () => {
        throw new TypeError("can't access dead object");
      },
    };
    const capture = new PageCapture(dead, stream);
    const lost = vi.fn();
    capture.onLost(lost);
    await Promise.resolve();
    expect(lost).toHaveBeenCalledOnce();
  });

  it('releases quietly after the window died and its objects throw on any use', () => {
    const { page, close } = fakePage(fakeStream().stream);
    let dead = false;
    const stream = {
      getTracks: () => {
        if (dead) throw new TypeError("can't access dead object");
        return [];
      },
    } as unknown as MediaStream;
    const capture = new PageCapture(page, stream);
    dead = true;
    close();
    expect(() => capture.release()).not.toThrow();
  });
});
