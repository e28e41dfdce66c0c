import { describe, expect, it } from 'vitest';
import { MASK, maskEveryTrap, maskTraps } from './traps';

describe('maskTraps', () => {
  it('blanks dates, times, IPs, cards, IBANs, e-mails and URLs, keeping offsets', () => {
    const text = 'Тел. 8 916 123-45-67, 23-11-2026 09:55, 10.0.0.1, user@mail.ru';
    const masked = maskTraps(text);
    expect(masked).toHaveLength(text.length);
    expect(masked.slice(0, 20)).toBe('Тел. 8 916 123-45-67');
    expect(masked).not.toMatch(/2026|09:55|10\.0|@/);
    expect(masked).toContain(MASK.repeat('23-11-2026'.length));
  });

  it('skips the expression only for texts that cannot hold a trap', () => {
    // Random texts over the characters traps are made of: the shortcut must never change the
    // result (it may only spare work).
    let seed = 42;
    const random = () => {
      seed = (Math.imul(seed, 48_271) + 1) >>> 0;
      return seed / 4_294_967_296;
    };
    const alphabet = '0123456789012345678901234567890123456789 -./:@()+AZaz,';
    for (let i = 0; i < 20_000; i++) {
      const length = 4 + Math.floor(random() * 28);
      let text = '';
      for (let k = 0; k < length; k++) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(maskTraps(text), text).toBe(maskEveryTrap(text));
    }
  });
});
