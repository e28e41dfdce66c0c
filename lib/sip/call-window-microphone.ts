import { PhoneError } from './errors';
import type { Microphone, MicrophoneSource } from './media';
import { logger } from '../log';

const log = logger('host');

/** What a capture needs of the page that holds it. */
export interface CapturingPage {
  readonly navigator: { mediaDevices: Pick<MediaDevices, 'getUserMedia'> };
  addEventListener(type: 'pagehide', listener: () => void): void;
  removeEventListener(type: 'pagehide', listener: () => void): void;
}

/**
 * Firefox: the microphone of the call window.
 *
 * Firefox refuses getUserMedia to extension background pages whatever the user allowed
 * ("Recording from background pages is considered too sensitive and will always be denied",
 * WebRTCParent.sys.mjs). Extension pages share the background page's process, though, so the
 * background calls the getUserMedia of a visible extension page — the call window, which the
 * request is then attributed to, with the extension origin's permission — and hands the track
 * to its own RTCPeerConnection: the registration, the calls and the remote audio stay in the
 * background; only the capture belongs to the window. It lasts as long as the window's page:
 * when the window is closed or reloaded the track ends and every object of that page turns
 * into a "dead object", so the capture reports itself lost (`pagehide`) and the softphone ends
 * the call instead of going on in silence.
 */
export class CallWindowMicrophone implements MicrophoneSource {
  /** @param openPage opens or focuses the call window and resolves with its loaded page. */
  constructor(private readonly openPage: () => Promise<CapturingPage>) {}

  async capture(constraints: MediaStreamConstraints): Promise<Microphone> {
    const page = await this.openPage();
    const stream = await whileOpen(page, page.navigator.mediaDevices.getUserMedia(constraints));
    return new PageCapture(page, stream);
  }
}

/**
 * Without a remembered permission, getUserMedia waits on Firefox's prompt in the call window. If
 * the window is closed meanwhile, that promise dies with it and never settles (its page's
 * objects are gone), which would leave a call waiting for ever: take the closing as a refusal.
 */
function whileOpen<T>(page: CapturingPage, request: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onPageHide = (): void =>
      reject(new PhoneError('microphone-denied', 'the call window closed before it could capture'));
    page.addEventListener('pagehide', onPageHide);
    request
      .then(resolve, reject)
      .finally(() => quietly(() => page.removeEventListener('pagehide', onPageHide)));
  });
}

/** A capture owned by another page, which can die under it. */
export class PageCapture implements Microphone {
  private state: 'live' | 'lost' | 'released' = 'live';
  private readonly listeners: (() => void)[] = [];
  private readonly onTrackEnded = (): void => this.lost('the microphone stopped');
  private readonly onPageHide = (): void => this.lost('the call window closed');

  constructor(
    private readonly page: CapturingPage,
    readonly stream: MediaStream,
  ) {
    try {
      page.addEventListener('pagehide', this.onPageHide);
      // A microphone unplugged mid-call ends its track (stop() does not fire 'ended').
      for (const track of stream.getTracks()) track.addEventListener('ended', this.onTrackEnded);
    } catch {
      this.state = 'lost'; // The window closed right after it captured.
    }
  }

  get isLost(): boolean {
    return this.state === 'lost';
  }

  onLost(listener: () => void): void {
    if (this.state === 'released') return;
    if (this.state === 'lost') queueMicrotask(listener);
    else this.listeners.push(listener);
  }

  release(): void {
    if (this.state !== 'live') return;
    this.state = 'released';
    this.listeners.length = 0;
    this.detach();
    quietly(() => this.stream.getTracks().forEach((t) => t.stop()));
  }

  private lost(why: string): void {
    if (this.state !== 'live') return;
    this.state = 'lost';
    log('microphone lost: %s', why);
    this.detach();
    for (const listener of this.listeners.splice(0)) listener();
  }

  private detach(): void {
    quietly(() => this.page.removeEventListener('pagehide', this.onPageHide));
    quietly(() => {
      for (const t of this.stream.getTracks()) t.removeEventListener('ended', this.onTrackEnded);
    });
  }
}

/** Objects of a closed window throw "can't access dead object" on any use; nothing to do then. */
function quietly(action: () => void): void {
  try {
    action();
  } catch {
    // The window is gone, and its capture with it.
  }
}
