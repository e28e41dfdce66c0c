/** What the popup shows about a call's media, and what the end-to-end tests assert on. */
export interface CallMediaStats {
  callId: string;
  connectionState: RTCPeerConnectionState | 'none';
  inboundAudioBytes: number;
  outboundAudioBytes: number;
  packetsLost: number;
  jitterMs: number;
  roundTripMs?: number;
  codec?: string;
}

export async function readMediaStats(
  callId: string,
  pc: RTCPeerConnection | undefined,
): Promise<CallMediaStats> {
  const stats: CallMediaStats = {
    callId,
    connectionState: pc?.connectionState ?? 'none',
    inboundAudioBytes: 0,
    outboundAudioBytes: 0,
    packetsLost: 0,
    jitterMs: 0,
  };
  if (!pc) return stats;
  const report = await pc.getStats();
  const codecs = new Map<string, string>();
  report.forEach((s: Record<string, unknown> & { type: string; id: string }) => {
    if (s.type === 'codec' && typeof s.mimeType === 'string') codecs.set(s.id, s.mimeType);
  });
  report.forEach((s: Record<string, unknown> & { type: string }) => {
    if (s.kind !== 'audio' && s.mediaType !== 'audio' && s.type !== 'candidate-pair') return;
    if (s.type === 'inbound-rtp') {
      stats.inboundAudioBytes += Number(s.bytesReceived ?? 0);
      stats.packetsLost += Number(s.packetsLost ?? 0);
      stats.jitterMs = Math.round(Number(s.jitter ?? 0) * 1000);
      if (typeof s.codecId === 'string') stats.codec = codecs.get(s.codecId);
    } else if (s.type === 'outbound-rtp') {
      stats.outboundAudioBytes += Number(s.bytesSent ?? 0);
    } else if (
      s.type === 'candidate-pair' &&
      s.nominated &&
      typeof s.currentRoundTripTime === 'number'
    ) {
      stats.roundTripMs = Math.round(s.currentRoundTripTime * 1000);
    }
  });
  return stats;
}
