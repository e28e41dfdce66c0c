import { describe, expect, it } from 'vitest';
import { keepLoopbackCandidates, sdpDirection, stripTelephoneEvent } from '../customer/sdp';

const OFFER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 0 126',
  'c=IN IP4 192.0.2.2',
  'a=candidate:1 1 udp 2122260223 192.0.2.2 50000 typ host generation 0',
  'a=candidate:2 1 udp 2122194687 127.0.0.1 50001 typ host generation 0',
  'a=candidate:3 1 udp 2122129151 ::1 50002 typ host generation 0',
  'a=sendonly',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:126 telephone-event/8000',
  'a=fmtp:126 0-15',
  '',
].join('\r\n');

describe('customer phone SDP edits', () => {
  it('keeps only 127.0.0.1 candidates and points c= at loopback', () => {
    const out = keepLoopbackCandidates(OFFER);
    expect(out.match(/^a=candidate:/gm)).toHaveLength(1);
    expect(out).toContain(' 127.0.0.1 50001 typ host');
    expect(out).toContain('c=IN IP4 127.0.0.1\r\n');
    expect(out.endsWith('\r\n')).toBe(true);
  });

  it('removes telephone-event from the m= line and its attributes', () => {
    const out = stripTelephoneEvent(OFFER);
    expect(out).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\n');
    expect(out).not.toMatch(/telephone-event|a=fmtp:126/);
    expect(out).toContain('a=fmtp:111 minptime=10;useinbandfec=1');
  });

  it('reads the audio direction, defaulting to sendrecv', () => {
    expect(sdpDirection(OFFER)).toBe('sendonly');
    expect(sdpDirection(OFFER.replace('a=sendonly', 'a=inactive'))).toBe('inactive');
    expect(sdpDirection(OFFER.replace('a=sendonly\r\n', ''))).toBe('sendrecv');
    expect(sdpDirection(undefined)).toBe('sendrecv');
  });
});
