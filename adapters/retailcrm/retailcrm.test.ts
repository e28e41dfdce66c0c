/**
 * retailCRM on the hand-made pages (fixtures/README.md). Expected numbers written from reading
 * each page; the decoys (order numbers, sums, tax and bank ids, tracking numbers, article codes,
 * dates, durations, filter inputs, the operator's textarea) must stay unlinked.
 */
import { describe, expect, it } from 'vitest';
import { checkFixture, type FixtureCase } from '../../tests/unit/adapter-fixtures';
import { link, loadFixture } from '../../tests/unit/fixture-page';
import { retailcrm } from '.';

const BASE = 'https://demo.retailcrm.ru';

const CASES: FixtureCase[] = [
  {
    // Phone and extra phone inputs; the customer's comment `8 (495) 123-45-67 доб. 204`; the
    // history line's old and new numbers; the call row. Not: track 80082345678901, article
    // 4601234567890, ART-495123456, sums, `ID 88213405`, the operator's textarea, dates.
    file: 'order.html',
    url: `${BASE}/orders/10542/edit`,
    expected: [
      'input:+79165551234',
      'input:+74959876543',
      'text:+74951234567;ext=204',
      'text:+79165551230',
      'text:+79165551234',
      'field:+79165551234',
    ],
  },
  {
    // Two card phones, two call rows, the husband's number in a comment, and the bank hotline
    // split over two <b> elements. Not: ИНН, invoice № 4512, the bonus card, the birthday.
    file: 'customer.html',
    url: `${BASE}/customers/3017`,
    expected: [
      'field:+79165551234',
      'field:+74959876543',
      'field:+79165551234',
      'field:+74959876543',
      'text:+79037654321',
      'text:+78005553535',
    ],
  },
  {
    // Company phone, two contact persons (one with an extension), the guard's number in the
    // address text. Not: ИНН, КПП, ОГРН, р/с, БИК, `Договор № 77/2026`, `Счёт 4951234567`.
    file: 'customer-corporate.html',
    url: `${BASE}/customers-corporate/512`,
    expected: [
      'field:+74955005550',
      'field:+79261112233',
      'field:+74955005551;ext=117',
      'text:+74955005559',
    ],
  },
  {
    // Four phone cells (one row has none); the filter panel's phone input gets no control.
    file: 'orders-list.html',
    url: `${BASE}/orders/`,
    expected: [
      'field:+79165551234',
      'field:+79032223344',
      'field:+380441234567',
      'field:+74955005550',
    ],
  },
  {
    file: 'customers-list.html',
    url: `${BASE}/customers/`,
    expected: [
      'field:+79165551234',
      'field:+74959876543',
      'field:+79032223344',
      'field:+380441234567',
    ],
  },
  {
    // Four call rows, and the multi-line number in the footnote (not the manager's `101`).
    file: 'calls.html',
    url: `${BASE}/calls/`,
    expected: [
      'field:+79165551234',
      'field:+78123098877',
      'field:+79032223344',
      'field:+380671234567',
      'text:+74957770000',
    ],
  },
];

describe('retailCRM adapter on hand-made pages', () => {
  for (const c of CASES) {
    it(`${c.file}: ${c.expected.length} numbers`, () => checkFixture('retailcrm', retailcrm, c));
  }

  it('names numbers after the order customer, list rows, contact persons and the card', async () => {
    await checkFixture('retailcrm', retailcrm, CASES[0]!, (linked) => {
      expect(linked.contacts).toContainEqual({
        number: '+74951234567',
        name: 'Смирнова Анна Викторовна',
        recordUrl: `${BASE}/customers/3017`,
      });
    });
    await checkFixture('retailcrm', retailcrm, CASES[2]!, (linked) => {
      expect(linked.contacts).toContainEqual({
        number: '+74955005551',
        name: 'Орлова Наталья',
        recordUrl: `${BASE}/customers/3019`,
      });
      expect(linked.contacts).toContainEqual({
        number: '+74955005550',
        name: 'ООО «Рога и Копыта»',
        recordUrl: `${BASE}/customers-corporate/512`,
      });
    });
    await checkFixture('retailcrm', retailcrm, CASES[5]!, (linked) => {
      // The unknown caller's row has no customer: no contact for it.
      expect(linked.contacts.map((c) => c.number)).not.toContain('+78123098877');
    });
  });

  it("reads national numbers in the order's delivery country", async () => {
    const page = loadFixture('retailcrm', 'order.html', `${BASE}/orders/10542/edit`);
    page.document.querySelector<HTMLSelectElement>('select[name$="[countryIso]"]')!.value = 'UA';
    page.document.querySelector('.order-comment_customer')!.textContent = 'Київ: 044 123 45 67';
    expect(retailcrm.region!(page.document)).toBe('UA');
    const linked = await link(page, retailcrm, {}); // the helper asks the adapter for the region
    expect(linked.linker.targets().map((t) => t.number)).toContain('+380441234567');
    linked.controller.abort();
    await page.close();
  });
});
