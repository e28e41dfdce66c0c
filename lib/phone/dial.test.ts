import { describe, expect, it } from 'vitest';
import { formatForDisplay, guessDefaultCountry, normalizeDialInput } from './dial';

describe('normalizeDialInput', () => {
  it('rejects empty input', () => {
    expect(normalizeDialInput('', 'RU')).toEqual({ ok: false, reason: 'empty' });
    expect(normalizeDialInput('   \u200B ', 'RU')).toEqual({ ok: false, reason: 'empty' });
  });

  it('turns phone numbers into E.164', () => {
    expect(normalizeDialInput('8 (495) 123-45-67', 'RU')).toEqual({
      ok: true,
      target: '+74951234567',
    });
    expect(normalizeDialInput('+380 44 123 45 67', 'RU')).toEqual({
      ok: true,
      target: '+380441234567',
    });
    expect(normalizeDialInput('044 123 45 67', 'UA')).toEqual({
      ok: true,
      target: '+380441234567',
    });
    expect(normalizeDialInput('(415) 555-2671', 'US')).toEqual({
      ok: true,
      target: '+14155552671',
    });
  });

  it('keeps short internal extensions and feature codes as typed', () => {
    expect(normalizeDialInput('1001', 'RU')).toEqual({ ok: true, target: '1001' });
    expect(normalizeDialInput('10 01', 'RU')).toEqual({ ok: true, target: '1001' });
    expect(normalizeDialInput('*97', 'RU')).toEqual({ ok: true, target: '*97' });
    expect(normalizeDialInput('#21', 'RU')).toEqual({ ok: true, target: '#21' });
    expect(normalizeDialInput('*72#', 'US')).toEqual({ ok: true, target: '*72#' });
  });

  it('keeps a SIP URI as it is, if it has a user and a host', () => {
    expect(normalizeDialInput('sip:1001@pbx.example.com', 'RU')).toEqual({
      ok: true,
      target: 'sip:1001@pbx.example.com',
    });
    expect(normalizeDialInput(' sips:alice@10.0.0.5:5061;transport=tls ', 'RU')).toEqual({
      ok: true,
      target: 'sips:alice@10.0.0.5:5061;transport=tls',
    });
    expect(normalizeDialInput('sip:@pbx.example.com', 'RU')).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(normalizeDialInput('sip:bob@', 'RU')).toEqual({ ok: false, reason: 'invalid' });
    expect(normalizeDialInput('sip:bob@pbx example.com', 'RU')).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('cleans pasted text and keeps the extension', () => {
    expect(normalizeDialInput('tel:+7-495-123-45-67', 'RU')).toEqual({
      ok: true,
      target: '+74951234567',
    });
    expect(normalizeDialInput('Тел.: 8 (495) 123-45-67 доб. 12', 'RU')).toEqual({
      ok: true,
      target: '+74951234567',
      ext: '12',
    });
    expect(normalizeDialInput('tel:+1-415-555-2671;ext=204', 'US')).toEqual({
      ok: true,
      target: '+14155552671',
      ext: '204',
    });
    expect(normalizeDialInput('\u202A+7 916 123-45-67\u202C', 'RU')).toEqual({
      ok: true,
      target: '+79161234567',
    });
  });

  it('accepts a typed number the finder would not link, if its length fits', () => {
    // Typed without the trunk prefix; on a page this would be too ambiguous to link.
    expect(normalizeDialInput('441234567', 'UA')).toEqual({ ok: true, target: '+380441234567' });
    // Labelled as an order on a page, but a person who pastes it wants it dialled.
    expect(normalizeDialInput('Заказ № 4951234567', 'RU')).toEqual({
      ok: true,
      target: '+74951234567',
    });
  });

  it('rejects what cannot be dialled', () => {
    expect(normalizeDialInput('hello', 'RU')).toEqual({ ok: false, reason: 'invalid' });
    expect(normalizeDialInput('+7 916 123', 'RU')).toEqual({ ok: false, reason: 'invalid' });
    expect(normalizeDialInput('1234567890123456789', 'RU')).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});

describe('guessDefaultCountry', () => {
  it('maps languages to their region', () => {
    expect(guessDefaultCountry(['ru'])).toBe('RU');
    expect(guessDefaultCountry(['uk'])).toBe('UA');
    expect(guessDefaultCountry(['be'])).toBe('BY');
    expect(guessDefaultCountry(['kk'])).toBe('KZ');
    expect(guessDefaultCountry(['de'])).toBe('DE');
    expect(guessDefaultCountry(['fr'])).toBe('FR');
  });

  it('prefers the region written in the tag', () => {
    expect(guessDefaultCountry(['en-US'])).toBe('US');
    expect(guessDefaultCountry(['en-GB'])).toBe('GB');
    expect(guessDefaultCountry(['ru-UA', 'ru'])).toBe('UA');
    expect(guessDefaultCountry(['de_AT'])).toBe('AT');
  });

  it('passes over a bare "en" and falls back to US', () => {
    expect(guessDefaultCountry(['en', 'ru'])).toBe('RU');
    expect(guessDefaultCountry(['en'])).toBe('US');
    expect(guessDefaultCountry([])).toBe('US');
    expect(guessDefaultCountry(['es-419', 'pt'])).toBe('US');
  });
});

describe('formatForDisplay', () => {
  it('formats E.164 numbers internationally', () => {
    expect(formatForDisplay('+74951234567')).toBe('+7 495 123 45 67');
    expect(formatForDisplay('+380441234567')).toBe('+380 44 123 4567');
    expect(formatForDisplay('+14155552671')).toBe('+1 415 555 2671');
    expect(formatForDisplay('+442079460958')).toBe('+44 20 7946 0958');
  });

  it('returns what it cannot parse unchanged', () => {
    expect(formatForDisplay('1001')).toBe('1001');
    expect(formatForDisplay('sip:1001@pbx')).toBe('sip:1001@pbx');
  });
});
