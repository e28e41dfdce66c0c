import { beforeEach, describe, expect, it } from 'vitest';
import {
  closeCallerIdDb,
  lookupContact,
  rememberContact,
  rememberContacts,
  rememberSearch,
  searchUrlsFor,
} from './caller-id';

beforeEach(async () => {
  await closeCallerIdDb();
  indexedDB.deleteDatabase('callbridge-caller-id');
});

describe('caller-ID cache', () => {
  it('remembers a number with its contact and finds it again', async () => {
    await rememberContact({
      number: '+74951234567',
      name: 'Ivan Petrov',
      recordUrl: 'https://crm.example.com/r/5',
      crm: 'vtiger',
      seenAt: 1,
    });
    expect(await lookupContact('+74951234567')).toEqual({
      number: '+74951234567',
      name: 'Ivan Petrov',
      recordUrl: 'https://crm.example.com/r/5',
      crm: 'vtiger',
      seenAt: 1,
    });
    expect(await lookupContact('+74951234568')).toBeUndefined();
  });

  it('keeps a known name when the number is seen again without one, and takes newer names', async () => {
    await rememberContact({
      number: '+74951234567',
      name: 'Ivan Petrov',
      crm: 'vtiger',
      seenAt: 1,
    });
    await rememberContact({ number: '+74951234567', crm: 'generic', seenAt: 2 });
    expect(await lookupContact('+74951234567')).toMatchObject({ name: 'Ivan Petrov', seenAt: 2 });
    await rememberContacts([
      { number: '+74951234567', name: 'Иван Петров', crm: 'retailcrm', seenAt: 3 },
    ]);
    expect(await lookupContact('+74951234567')).toMatchObject({
      name: 'Иван Петров',
      crm: 'retailcrm',
    });
  });

  it('keeps search URLs per CRM origin, newest first', async () => {
    await rememberSearch({
      origin: 'https://a.example',
      crm: 'vtiger',
      template: 'https://a.example/s?q={number}',
      seenAt: 1,
    });
    await rememberSearch({
      origin: 'https://b.example',
      crm: 'retailcrm',
      template: 'https://b.example/s?p={digits}',
      seenAt: 2,
    });
    expect(await searchUrlsFor('+74951234567')).toEqual([
      { crm: 'retailcrm', url: 'https://b.example/s?p=74951234567' },
      { crm: 'vtiger', url: 'https://a.example/s?q=%2B74951234567' },
    ]);
  });
});
