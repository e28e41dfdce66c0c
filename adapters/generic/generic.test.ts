import { describe, expect, it } from 'vitest';
import { checkFixture } from '../../tests/unit/adapter-fixtures';
import { generic } from '.';

describe('generic adapter', () => {
  it('people-page.html: microformat phones, a tel: link, a dial-in, a hotline and a phone input', () =>
    checkFixture(
      'generic',
      generic,
      {
        // Not: the meeting id, the fax, `Order #4951234567`, the date, the version in <code>,
        // the IP address, the card number, the textarea, the hidden paragraph, sip:1001@….
        file: 'people-page.html',
        url: 'https://intranet.example.org/people/',
        expected: [
          'field:+74951234567',
          'link:+79161234567',
          'field:+380441234567',
          'text:+16465588656',
          'text:+78005553535',
          'input:+79167654321',
        ],
      },
      (linked) => {
        expect(linked.contacts).toContainEqual({
          number: '+74951234567',
          name: 'Ivan Ivanov',
          recordUrl: 'https://intranet.example.org/people/ivanov',
        });
      },
    ));
});
