/**
 * vTiger on the saved 8.2 pages. The expected numbers were written from reading each page
 * (see the comments), then checked against the linker — not copied from its output.
 */
import { describe, expect, it } from 'vitest';
import { checkFixture, type FixtureCase } from '../../tests/unit/adapter-fixtures';
import { vtiger } from '.';

const BASE = 'https://crm.example.com/index.php?';
const list = (module: string) => `${BASE}module=${module}&view=List&app=MARKETING`;
const detail = (module: string, record: number, full = false) =>
  `${BASE}module=${module}&view=Detail&record=${record}${full ? '&mode=showDetailViewByMode&requestMode=full' : ''}`;

const CASES: FixtureCase[] = [
  {
    // Five phone cells: +7 (495) 123-45-67, +1 415-555-2671, 044 123 45 67 (Kyiv, national
    // format: not a number for a Russian reader), +49 30 1234567, 8-800-555-35-35. The search
    // row's phone input is a filter and gets nothing.
    file: 'contacts-list.html',
    url: list('Contacts'),
    expected: [
      'field:+74951234567',
      'field:+14155552671',
      'field:+49301234567',
      'field:+78005553535',
    ],
  },
  {
    // The same page read as Ukrainian: now 044 … is Kyiv, and 8-800 is not a Ukrainian number.
    file: 'contacts-list.html',
    url: list('Contacts'),
    country: 'UA',
    expected: [
      'field:+74951234567',
      'field:+14155552671',
      'field:+380441234567',
      'field:+49301234567',
    ],
  },
  {
    file: 'accounts-list.html',
    url: list('Accounts'),
    expected: ['field:+74951234567', 'field:+14155552671'],
  },
  {
    file: 'leads-list.html',
    url: list('Leads'),
    expected: ['field:+14155552671', 'field:+74957654321'],
  },
  // The summary tab without phone summary fields: the header's office phone only.
  { file: 'contact-detail.html', url: detail('Contacts', 5), expected: ['field:+74951234567'] },
  {
    // Header + phone, mobile, home (8 (812) …), other (8 800 …), assistant (+7-495-…-69). The
    // fax (+74951234568) is a phone-typed field named fax: excluded. Dates are skipped.
    file: 'contact-detail-full.html',
    url: detail('Contacts', 5, true),
    expected: [
      'field:+74951234567',
      'field:+74951234567',
      'field:+79161234567',
      'field:+78125551234',
      'field:+78005553535',
      'field:+74951234569',
    ],
  },
  {
    // Summary tab where phones are marked only by the hidden input.fieldBasicData.
    file: 'contact-detail-summary-with-phone-summaryfields.html',
    url: detail('Contacts', 5),
    expected: ['field:+74951234567', 'field:+74951234567', 'field:+79161234567'],
  },
  {
    file: 'account-detail-full.html',
    url: detail('Accounts', 2, true),
    expected: ['field:+74951234567', 'field:+74951234567', 'field:+78005553535'],
  },
  {
    file: 'account-related-contacts.html',
    url: `${BASE}module=Accounts&relatedModule=Contacts&view=Detail&record=2&mode=showRelatedList`,
    expected: ['field:+74951234567', 'field:+74951234567'],
  },
  {
    file: 'lead-detail-full.html',
    url: detail('Leads', 10, true),
    expected: ['field:+74957654321', 'field:+74957654321', 'field:+79031234567'],
  },
  {
    file: 'lead-detail-summary-with-phone-summaryfields.html',
    url: detail('Leads', 10),
    expected: ['field:+74957654321', 'field:+74957654321', 'field:+79031234567'],
  },
  {
    // Edit view: the five phone inputs get a control; fax and the date inputs do not.
    file: 'contact-edit.html',
    url: `${BASE}module=Contacts&view=Edit&record=5`,
    expected: [
      'input:+74951234567',
      'input:+79161234567',
      'input:+78125551234',
      'input:+78005553535',
      'input:+74951234569',
    ],
  },
  {
    // PBX Manager on: the values are a.phoneField links, taken over (not linked twice).
    file: 'contact-detail-full-pbx.html',
    url: detail('Contacts', 5, true),
    expected: [
      'link:+74951234567',
      'link:+74951234567',
      'link:+79161234567',
      'link:+78125551234',
      'link:+78005553535',
      'link:+74951234569',
    ],
  },
  // AJAX fragments vTiger inserts without a reload.
  {
    file: 'ajax-contact-detail-full.html',
    url: detail('Contacts', 5, true),
    expected: [
      'field:+74951234567',
      'field:+79161234567',
      'field:+78125551234',
      'field:+78005553535',
      'field:+74951234569',
    ],
  },
  {
    file: 'ajax-contact-quickpreview.html',
    url: list('Contacts'),
    expected: ['field:+74951234567'],
  },
  {
    file: 'ajax-leads-list-page.html',
    url: list('Leads'),
    expected: ['field:+14155552671', 'field:+74957654321'],
  },
  {
    file: 'ajax-account-related-contacts.html',
    url: `${BASE}module=Accounts&relatedModule=Contacts&view=Detail&record=2&mode=showRelatedList`,
    expected: ['field:+74951234567'],
  },
];

describe('vTiger adapter on saved vTiger 8.2 pages', () => {
  for (const c of CASES) {
    it(`${c.file}${c.country ? ` (${c.country})` : ''}: ${c.expected.length} numbers`, () =>
      checkFixture('vtiger', vtiger, c));
  }

  it('names list rows and related-list rows with their record', () =>
    checkFixture('vtiger', vtiger, CASES[0]!, (linked) => {
      expect(linked.contacts).toContainEqual({
        number: '+74951234567',
        name: 'Ivan Petrov',
        recordUrl:
          'https://crm.example.com/index.php?module=Contacts&view=Detail&record=5&app=MARKETING',
      });
      expect(linked.contacts).toHaveLength(4);
    }));

  it('names detail-page numbers after the record, and a quick preview after its own record', async () => {
    await checkFixture('vtiger', vtiger, CASES[5]!, (linked) => {
      expect(linked.contacts).toContainEqual({
        number: '+79161234567',
        name: 'Ivan Petrov',
        recordUrl: 'https://crm.example.com/index.php?module=Contacts&view=Detail&record=5',
      });
    });
    await checkFixture('vtiger', vtiger, CASES[14]!, (linked) => {
      expect(linked.contacts).toEqual([
        {
          number: '+74951234567',
          name: 'Ivan Petrov',
          recordUrl: 'https://crm.example.com/index.php?module=Contacts&view=Detail&record=5',
        },
      ]);
    });
  });

  it('offers a search URL on the same vTiger', () =>
    checkFixture('vtiger', vtiger, CASES[0]!, (_, doc) => {
      const url = vtiger.searchUrl!(doc)!;
      expect(
        url.startsWith(
          'https://crm.example.com/index.php?module=Contacts&view=List&search_params=',
        ),
      ).toBe(true);
      expect(url).toContain('{digits}');
    }));
});
