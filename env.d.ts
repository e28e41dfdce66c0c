/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Demo/test builds: a SipAccount as JSON, installed when none is saved (lib/storage/preset.ts). */
  readonly WXT_CALLBRIDGE_PRESET?: string;
  /** Demo/test builds: '1' keeps only 127.0.0.1 ICE candidates (loopback-only networks). */
  readonly WXT_CALLBRIDGE_LOOPBACK?: string;
}
