import type { PhoneErrorCode } from './types';

/** A failure the user can act on, with the code the UI translates (lib/labels.ts). */
export class PhoneError extends Error {
  constructor(
    readonly code: PhoneErrorCode,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'PhoneError';
  }
}
