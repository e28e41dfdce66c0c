// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { MetadataJson } from 'libphonenumber-js/core';
import maxMetadata from 'libphonenumber-js/metadata.max.json';
import minMetadata from 'libphonenumber-js/metadata.min.json';
import { metadata } from './metadata';
import { EXACT_VALIDATION_COUNTRIES, buildCallbridgeMetadata } from './metadata.generate';
import { parseE164 } from './numbering';

describe('metadata.callbridge.json', () => {
  it('matches the installed libphonenumber-js (regenerate with metadata.generate.ts)', () => {
    const expected = buildCallbridgeMetadata(
      maxMetadata as unknown as MetadataJson,
      minMetadata as unknown as MetadataJson,
    );
    expect(metadata).toEqual(expected);
  });

  it('validates our markets exactly and the rest by length', () => {
    for (const country of EXACT_VALIDATION_COUNTRIES) {
      expect(metadata.countries[country], country).toEqual(
        (maxMetadata as unknown as MetadataJson).countries[country],
      );
    }
    // 'min' would accept any ten digits starting with 9; 'max' knows 999 is not a mobile range.
    expect(parseE164('+79991234567')?.isValid()).toBe(true);
    expect(parseE164('+77707083893')?.isValid()).toBe(false);
    expect(parseE164('+48221234567')?.isValid()).toBe(true);
  });
});
