import { describe, expect, it } from 'vitest';
import { parsePhoneCommand } from './commands';

describe('parsePhoneCommand', () => {
  it('accepts well-formed commands', () => {
    expect(parsePhoneCommand({ type: 'dial', target: ' +74951234567 ', ext: '12' })).toEqual({
      type: 'dial',
      target: '+74951234567',
      ext: '12',
    });
    expect(parsePhoneCommand({ type: 'dtmf', callId: 'abc', tones: '12#*' })).toEqual({
      type: 'dtmf',
      callId: 'abc',
      tones: '12#*',
    });
  });

  it('rejects unknown types, extra fields and bad alphabets', () => {
    expect(parsePhoneCommand({ type: 'format-disk' })).toBeNull();
    expect(parsePhoneCommand({ type: 'hangup', callId: 'x', evil: 1 })).toBeNull();
    expect(parsePhoneCommand({ type: 'dtmf', callId: 'x', tones: '1<script>' })).toBeNull();
    expect(parsePhoneCommand({ type: 'dial', target: '' })).toBeNull();
    expect(parsePhoneCommand({ type: 'dial', target: 'x'.repeat(300) })).toBeNull();
    expect(parsePhoneCommand('dial')).toBeNull();
  });
});
