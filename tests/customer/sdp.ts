/**
 * SDP edits of the customer phone, kept apart from the page so that they can be unit-tested.
 */

export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** Keeps only ICE candidates on 127.0.0.1 (the test machine has no other usable network). */
export function keepLoopbackCandidates(sdp: string): string {
  return splitLines(sdp)
    .filter((line) => !line.startsWith('a=candidate:') || line.split(' ')[4] === '127.0.0.1')
    .map((line) => (line.startsWith('c=IN IP4 ') ? 'c=IN IP4 127.0.0.1' : line))
    .join('\r\n');
}

/** Removes telephone-event payload types from every audio section of an SDP. */
export function stripTelephoneEvent(sdp: string): string {
  const lines = splitLines(sdp);
  const pts = new Set(
    lines
      .map((l) => /^a=rtpmap:(\d+) telephone-event\//i.exec(l)?.[1])
      .filter((pt): pt is string => pt !== undefined),
  );
  if (pts.size === 0) return sdp;
  return lines
    .filter((l) => {
      const m = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)[ ]/.exec(l);
      return !(m?.[1] && pts.has(m[1]));
    })
    .map((l) => {
      if (!l.startsWith('m=audio ')) return l;
      const parts = l.split(' ');
      return [...parts.slice(0, 3), ...parts.slice(3).filter((pt) => !pts.has(pt))].join(' ');
    })
    .join('\r\n');
}

/** The direction attribute of the first audio section (session level as fallback). */
export function sdpDirection(sdp: string | undefined): SdpDirection {
  if (!sdp) return 'sendrecv';
  const lines = splitLines(sdp);
  const audio = lines.findIndex((l) => l.startsWith('m=audio'));
  const find = (from: number, to: number): SdpDirection | undefined => {
    for (const l of lines.slice(from, to)) {
      const m = /^a=(sendrecv|sendonly|recvonly|inactive)$/.exec(l.trim());
      if (m) return m[1] as SdpDirection;
    }
    return undefined;
  };
  if (audio >= 0) {
    const next = lines.findIndex((l, i) => i > audio && l.startsWith('m='));
    const inMedia = find(audio + 1, next < 0 ? lines.length : next);
    if (inMedia) return inMedia;
  }
  return find(0, audio < 0 ? lines.length : audio) ?? 'sendrecv';
}

/** SDP lines; a trailing CRLF leaves an empty last element, so join('\r\n') restores it. */
function splitLines(sdp: string): string[] {
  return sdp.split(/\r?\n/);
}
