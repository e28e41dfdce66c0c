import { describe, expect, it } from 'vitest';
import {
  findPhoneNumbers,
  findPhoneNumbersInTextRuns,
  mayContainPhoneNumber,
  type CountryCode,
} from './index';

/** The numbers found, without offsets: what most rules are about. */
function numbers(text: string, defaultCountry: CountryCode, label?: string): string[] {
  const options = label === undefined ? { defaultCountry } : { defaultCountry, label };
  return findPhoneNumbers(text, options).map(
    (match) =>
      match.number + (match.ext ? ` ext ${match.ext}` : '') + (match.kind ? ` ${match.kind}` : ''),
  );
}

/** The text each match covers. */
function spans(text: string, defaultCountry: CountryCode): string[] {
  return findPhoneNumbers(text, { defaultCountry }).map((match) =>
    text.slice(match.start, match.end),
  );
}

describe('pre-filter', () => {
  it('skips texts with fewer than seven digits', () => {
    expect(mayContainPhoneNumber('')).toBe(false);
    expect(mayContainPhoneNumber('Иванов Иван, 12.03')).toBe(false);
    expect(mayContainPhoneNumber('123-45-6')).toBe(false);
    expect(mayContainPhoneNumber('123-45-67')).toBe(true);
    expect(findPhoneNumbers('тел. 12-34', { defaultCountry: 'RU' })).toEqual([]);
  });
});

describe('national formats', () => {
  it('reads the Russian trunk prefix 8 once, not as part of the number', () => {
    expect(numbers('8 (495) 123-45-67', 'RU')).toEqual(['+74951234567']);
    expect(numbers('8-800-555-35-35', 'RU')).toEqual(['+78005553535']);
    expect(numbers('8(8412)12-34-56', 'RU')).toEqual(['+78412123456']);
    expect(numbers('89161234567', 'RU')).toEqual(['+79161234567']);
  });

  it('reads Russian numbers written without the trunk prefix or with the country code', () => {
    expect(numbers('(495) 123-45-67', 'RU')).toEqual(['+74951234567']);
    expect(numbers('9161234567', 'RU')).toEqual(['+79161234567']);
    expect(numbers('79161234567', 'RU')).toEqual(['+79161234567']);
  });

  it('fixes a plus typed before the Russian trunk prefix', () => {
    expect(numbers('+8 916 123-45-67', 'RU')).toEqual(['+79161234567']);
  });

  it('reads Kazakh numbers through the shared +7 plan', () => {
    expect(numbers('8 (727) 258-12-34', 'RU')).toEqual(['+77272581234']);
    expect(numbers('8 701 123 45 67', 'KZ')).toEqual(['+77011234567']);
  });

  it('reads Belarusian numbers with 8 and the 0 of the area code', () => {
    expect(numbers('8 (029) 123-45-67', 'BY')).toEqual(['+375291234567']);
    expect(numbers('8 017 123-45-67', 'BY')).toEqual(['+375171234567']);
  });

  it('reads Ukrainian numbers with the 0 trunk prefix, +38 (0XX) and the old 8', () => {
    expect(numbers('044 123 45 67', 'UA')).toEqual(['+380441234567']);
    expect(numbers('067 123 45 67', 'UA')).toEqual(['+380671234567']);
    expect(numbers('+38 (067) 123-45-67', 'UA')).toEqual(['+380671234567']);
    expect(numbers('380661234567', 'UA')).toEqual(['+380661234567']);
    expect(numbers('8 (044) 123-45-67', 'UA')).toEqual(['+380441234567']);
  });

  it('requires the trunk prefix where it is always written', () => {
    expect(numbers('4412345678', 'UA')).toEqual([]);
    expect(numbers('2181508150', 'DE')).toEqual([]);
    expect(numbers('20 7946 0958', 'GB')).toEqual([]);
    expect(numbers('123456789', 'FR')).toEqual([]);
  });

  it('reads US, GB, DE and FR national formats', () => {
    expect(numbers('(415) 555-2671', 'US')).toEqual(['+14155552671']);
    expect(numbers('1-800-642-7676', 'US')).toEqual(['+18006427676']);
    expect(numbers('020 7946 0958', 'GB')).toEqual(['+442079460958']);
    expect(numbers('030/1234567', 'DE')).toEqual(['+49301234567']);
    expect(numbers('0 30 / 12 34 56 78', 'DE')).toEqual(['+493012345678']);
    expect(numbers('01.23.45.67.89', 'FR')).toEqual(['+33123456789']);
  });

  it('drops the (0) written after a country code', () => {
    expect(numbers('+49 (0)30 1234567', 'DE')).toEqual(['+49301234567']);
    expect(numbers('+44 (0)20 7946 0958', 'US')).toEqual(['+442079460958']);
  });

  it('reads international access codes', () => {
    expect(numbers('0049 30 1234567', 'DE')).toEqual(['+49301234567']);
    expect(numbers('8-10-49-30-1234567', 'RU')).toEqual(['+49301234567']);
  });

  it('reads international numbers of any country whatever the default region', () => {
    expect(numbers('+998 90 123-45-67', 'RU')).toEqual(['+998901234567']);
    expect(numbers('+12 345 678', 'US')).toEqual([]);
  });
});

describe('offsets', () => {
  it('covers the plus, an opening bracket and a written extension', () => {
    expect(spans('Тел.: 8 (495) 123-45-67 доб. 123', 'RU')).toEqual(['8 (495) 123-45-67 доб. 123']);
    expect(spans('(495) 123-45-67', 'RU')).toEqual(['(495) 123-45-67']);
    expect(spans('(+7) 916 123-45-67', 'RU')).toEqual(['(+7) 916 123-45-67']);
    expect(spans('+7 (495) 123-45-67 (доб. 1234)', 'RU')).toEqual([
      '+7 (495) 123-45-67 (доб. 1234)',
    ]);
  });

  it('gives exact start and end offsets', () => {
    expect(findPhoneNumbers('Моб.: +7 916 123-45-67', { defaultCountry: 'RU' })).toEqual([
      { start: 6, end: 22, number: '+79161234567' },
    ]);
  });
});

describe('extensions', () => {
  it('reads доб., доп., вн., ext., x and # after a number', () => {
    expect(numbers('8 (495) 123-45-67 доб. 123', 'RU')).toEqual(['+74951234567 ext 123']);
    expect(numbers('8 800 555-35-35 (доп. 2)', 'RU')).toEqual(['+78005553535 ext 2']);
    expect(numbers('тел. 8 495 123 45 67, вн. 221', 'RU')).toEqual(['+74951234567 ext 221']);
    expect(numbers('(212) 736-5000 ext. 204', 'US')).toEqual(['+12127365000 ext 204']);
    expect(numbers('(415) 555-2671 x12', 'US')).toEqual(['+14155552671 ext 12']);
    expect(numbers('+7 (495) 123-45-67#105', 'RU')).toEqual(['+74951234567 ext 105']);
    expect(numbers('01 40 12 34 56 poste 123', 'FR')).toEqual(['+33140123456 ext 123']);
  });

  it('does not take the next number of a list as an extension', () => {
    expect(numbers('+7 912 345 67 89, 8 912 345 67 90', 'RU')).toEqual([
      '+79123456789',
      '+79123456790',
    ]);
    expect(numbers('Тел. 8 916 123 45 67, доп. 8 926 123 45 67', 'RU')).toEqual([
      '+79161234567',
      '+79261234567',
    ]);
  });

  it('treats Zoom-style tone digits after ",," as part of the dial string, not a number', () => {
    expect(numbers('+1 646 558 8656,,84512345678#', 'US')).toEqual(['+16465588656']);
  });
});

describe('lists', () => {
  it('splits at commas, semicolons, slashes and line breaks', () => {
    expect(numbers('8 (495) 123-45-67; 8 (495) 123-45-68', 'RU')).toHaveLength(2);
    expect(numbers('8 916 123 45 67/8 926 123 45 67', 'RU')).toHaveLength(2);
    expect(numbers('8 916 123 45 67\n8 926 123 45 67', 'RU')).toHaveLength(2);
    expect(numbers('79161234567,79261234567', 'RU')).toEqual(['+79161234567', '+79261234567']);
  });

  it('splits numbers joined by spaces only where the numbering plan says', () => {
    expect(numbers('+7 912 345 67 89 8 912 345 67 90', 'RU')).toEqual([
      '+79123456789',
      '+79123456790',
    ]);
    expect(numbers('Tel. 030 1234567 / 0171 1234567', 'DE')).toEqual([
      '+49301234567',
      '+491711234567',
    ]);
  });

  it('expands a slash shorthand and a local number after a comma', () => {
    expect(numbers('8 (495) 123-45-67/68', 'RU')).toEqual(['+74951234567', '+74951234568']);
    expect(numbers('тел. (495) 123-45-67, 123-45-68', 'RU')).toEqual([
      '+74951234567',
      '+74951234568',
    ]);
  });
});

describe('what is not a phone number', () => {
  it('rejects dates and times', () => {
    expect(numbers('Создано 23-11-2026 09:55 AM', 'RU')).toEqual([]);
    expect(numbers('Last modified 2026-11-23T09:55:00Z', 'US')).toEqual([]);
    expect(numbers('12.03.2024 8 916 123 45 67', 'RU')).toEqual(['+79161234567']);
  });

  it('rejects money amounts', () => {
    expect(numbers('Сумма: 4 951 234,56 руб.', 'RU')).toEqual([]);
    expect(numbers('Сумма: 4 951 234 567 руб.', 'RU')).toEqual([]);
    expect(numbers('Выручка за год: 4 951 234 567 ₽', 'RU')).toEqual([]);
    expect(numbers('Оборот: 9 161 234 567', 'RU')).toEqual([]);
    expect(numbers('Total $4155552671', 'US')).toEqual([]);
  });

  it('rejects IP addresses, coordinates, versions and timestamps', () => {
    expect(numbers('192.168.100.200', 'RU')).toEqual([]);
    expect(numbers('55.751244, 37.618423', 'RU')).toEqual([]);
    expect(numbers('v10.2.3.4567', 'RU')).toEqual([]);
    expect(numbers('Версия приложения 9.16.123.4567', 'RU')).toEqual([]);
    expect(numbers('1700000000000', 'US')).toEqual([]);
  });

  it('rejects order, invoice and contract numbers', () => {
    expect(numbers('Заказ № 4951234567 от 12.03.2024', 'RU')).toEqual([]);
    expect(numbers('Order #4155552671', 'US')).toEqual([]);
    expect(numbers('Счёт № 84951234567 от 01.02.2024', 'RU')).toEqual([]);
    expect(numbers('Rechnung Nr. 0301234567', 'DE')).toEqual([]);
  });

  it('rejects tax ids, bank data and document numbers', () => {
    expect(numbers('ИНН 7707083893 КПП 773601001', 'RU')).toEqual([]);
    expect(numbers('ИНН: 7712345678', 'RU')).toEqual([]);
    expect(numbers('IBAN DE89 3704 0044 0532 0130 00', 'DE')).toEqual([]);
    expect(numbers('Карта 2202 2023 4567 8901', 'RU')).toEqual([]);
    expect(numbers('Паспорт 4510 123456 выдан 12.03.2015', 'RU')).toEqual([]);
  });

  it('rejects tracking numbers, article codes and meeting ids', () => {
    expect(numbers('Tracking 1Z999AA10123456784', 'US')).toEqual([]);
    expect(numbers('EAN 4006381333931', 'DE')).toEqual([]);
    expect(numbers('Артикул: 84951234567', 'RU')).toEqual([]);
    expect(numbers('Meeting ID: 845 1234 5678', 'US')).toEqual([]);
  });

  it('rejects digits glued to codes, e-mails and URLs', () => {
    expect(numbers('SKU-4951234567', 'RU')).toEqual([]);
    expect(numbers('89161234567@mail.ru', 'RU')).toEqual([]);
    expect(numbers('zoom.us/j/84512345678', 'US')).toEqual([]);
  });

  it('accepts digits glued to a phone keyword', () => {
    expect(numbers('Тел8 916 123 45 67', 'RU')).toEqual(['+79161234567']);
    expect(numbers('тел +7(916)123-45-67доб.5', 'RU')).toEqual(['+79161234567 ext 5']);
  });
});

describe('context', () => {
  it('lets a phone label win over a "number" word next to it', () => {
    expect(numbers('Номер телефона: 8 903 123 45 67', 'RU')).toEqual(['+79031234567']);
    expect(numbers('Tel.-Nr.: 030 1234567', 'DE')).toEqual(['+49301234567']);
    expect(numbers('Phone #: (415) 555-2671', 'US')).toEqual(['+14155552671']);
  });

  it('reads a bare "number" label as weak evidence against', () => {
    expect(numbers('Номер: 4951234567', 'RU')).toEqual([]);
    expect(numbers('номер 89031234567', 'RU')).toEqual(['+79031234567']);
    expect(numbers('№ 84951234567', 'RU')).toEqual([]);
  });

  it('lets a number formatted as a phone escape a negative label further away', () => {
    expect(numbers('ИНН 7707083893, 8 (495) 123-45-67', 'RU')).toEqual(['+74951234567']);
    expect(numbers('Заказ 4567: 8 916 123 45 67', 'RU')).toEqual(['+79161234567']);
    expect(numbers('Заказ 9161234567 оплачен', 'RU')).toEqual([]);
  });

  it('marks fax numbers, but not phone/fax lines', () => {
    expect(numbers('Тел.: 8 (495) 123-45-67, факс: 8 (495) 765-43-21', 'RU')).toEqual([
      '+74951234567',
      '+74957654321 fax',
    ]);
    expect(numbers('Тел./факс: 8 (495) 123-45-67', 'RU')).toEqual(['+74951234567']);
    expect(numbers('8 (495) 123-45-68 (факс)', 'RU')).toEqual(['+74951234568 fax']);
  });

  it('reads a label after the number in brackets', () => {
    expect(numbers('7712345678 (ИНН)', 'RU')).toEqual([]);
  });

  it('uses the caption an adapter gives when the text has no label', () => {
    expect(numbers('7712345678', 'RU', 'ИНН')).toEqual([]);
    expect(numbers('8 (495) 765-43-21', 'RU', 'Факс')).toEqual(['+74957654321 fax']);
    expect(numbers('Тел. 8 (495) 765-43-21', 'RU', 'ИНН')).toEqual(['+74957654321']);
  });
});

describe('findPhoneNumbersInTextRuns', () => {
  it('finds a number split over inline elements and gives offsets per run', () => {
    expect(
      findPhoneNumbersInTextRuns(['Тел.: ', '+7 (495)', ' 123-45-67', ' доб. 12'], {
        defaultCountry: 'RU',
      }),
    ).toEqual([
      {
        number: '+74951234567',
        ext: '12',
        start: { run: 1, offset: 0 },
        end: { run: 3, offset: 8 },
      },
    ]);
  });

  it('ends a number in the run that holds its last character', () => {
    expect(
      findPhoneNumbersInTextRuns(['+7 916 ', '123-45-67', ', ok'], { defaultCountry: 'RU' }),
    ).toEqual([
      { number: '+79161234567', start: { run: 0, offset: 0 }, end: { run: 1, offset: 9 } },
    ]);
  });

  it('skips empty runs and returns nothing for runs without enough digits', () => {
    expect(
      findPhoneNumbersInTextRuns(['', '8 916 123 45 67', ''], { defaultCountry: 'RU' }),
    ).toEqual([
      { number: '+79161234567', start: { run: 1, offset: 0 }, end: { run: 1, offset: 15 } },
    ]);
    expect(findPhoneNumbersInTextRuns(['12', '34'], { defaultCountry: 'RU' })).toEqual([]);
  });
});

describe('robustness', () => {
  it('treats an unknown default country as "international numbers only"', () => {
    const unknown = 'XX' as CountryCode;
    expect(numbers('8 (495) 123-45-67, +7 916 123-45-67', unknown)).toEqual(['+79161234567']);
  });

  it('gives the same answer when called again (no state leaks between calls)', () => {
    const text = 'Тел.: 8 (495) 123-45-67, 8 (916) 123-45-67';
    const first = numbers(text, 'RU');
    numbers('Заказ № 4951234567', 'RU');
    expect(numbers(text, 'RU')).toEqual(first);
  });

  it('stays linear on pathological input (long digit walls, dotted and e-mail-like runs)', () => {
    for (const text of ['7'.repeat(200_000), '1.'.repeat(100_000), 'a1@b2.'.repeat(30_000)]) {
      const started = performance.now();
      expect(findPhoneNumbers(text, { defaultCountry: 'RU' })).toEqual([]);
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });

  it('stays fast on a long text without phone numbers', () => {
    const text = 'Заказ 12, сумма 3 450,00 руб., дата 12.03.2024. '.repeat(2_000);
    const started = performance.now();
    expect(findPhoneNumbers(text, { defaultCountry: 'RU' })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
