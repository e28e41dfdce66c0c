import { beforeEach, describe, expect, it, vi } from 'vitest';
import { closeCallerIdDb, rememberContact, rememberSearch } from './caller-id';
import { callerIdentities, identifyCaller, sipIdentity, withKnownContact } from './caller-identity';

beforeEach(async () => {
  await closeCallerIdDb();
  indexedDB.deleteDatabase('callbridge-caller-id');
});

describe('identifyCaller', () => {
  it('names a caller a CRM page showed, whatever form the trunk sends the number in', async () => {
    await rememberContact({
      number: '+74951234567',
      name: 'Иван Петров',
      recordUrl: 'https://crm.example.com/index.php?module=Contacts&view=Detail&record=5',
      crm: 'vtiger',
      seenAt: 1,
    });
    for (const signalled of ['84951234567', '+7 495 123-45-67', '74951234567']) {
      expect(await identifyCaller(signalled, { country: 'RU', sipName: 'OFFICE' })).toEqual({
        number: '+74951234567',
        name: 'Иван Петров',
        recordUrl: 'https://crm.example.com/index.php?module=Contacts&view=Detail&record=5',
        crm: 'vtiger',
        source: 'crm',
      });
    }
  });

  it('keeps the SIP name when the CRM knows the record but not the name', async () => {
    await rememberContact({
      number: '+74951234567',
      recordUrl: 'https://crm.example.com/r/5',
      crm: 'generic',
      seenAt: 1,
    });
    const identity = await identifyCaller('84951234567', { country: 'RU', sipName: 'Reception' });
    expect(identity).toMatchObject({ name: 'Reception', source: 'crm' });
  });

  it('gives an unknown number the CRM search for it, and the SIP name if any', async () => {
    await rememberSearch({
      origin: 'https://crm.example.com',
      crm: 'retailcrm',
      template: 'https://crm.example.com/customers/?filter%5Bphone%5D={digits}',
      seenAt: 1,
    });
    expect(await identifyCaller('89161234567', { country: 'RU' })).toEqual({
      number: '+79161234567',
      searchUrl: 'https://crm.example.com/customers/?filter%5Bphone%5D=79161234567',
      crm: 'retailcrm',
      source: 'none',
    });
    expect(await identifyCaller('89161234567', { country: 'RU', sipName: 'Anna' })).toMatchObject({
      name: 'Anna',
      source: 'sip',
    });
  });

  it('asks an open CRM tab about a number the cache does not know', async () => {
    await rememberSearch({
      origin: 'https://crm.example.com',
      crm: 'vtiger',
      template: 'https://crm.example.com/s?q={digits}',
      seenAt: 1,
    });
    const ask = vi.fn(async () => ({
      name: 'Anna Smirnova',
      recordUrl: 'https://crm.example.com/r/7',
    }));
    expect(await identifyCaller('89161234567', { country: 'RU', ask })).toEqual({
      number: '+79161234567',
      name: 'Anna Smirnova',
      recordUrl: 'https://crm.example.com/r/7',
      crm: 'vtiger',
      source: 'crm',
    });
    expect(ask).toHaveBeenCalledWith('+79161234567', {
      origin: 'https://crm.example.com',
      crm: 'vtiger',
    });
    // The CRM does not know it either (or no CRM tab is open): the search is offered.
    ask.mockResolvedValueOnce(undefined as never);
    expect(await identifyCaller('89161234567', { country: 'RU', ask })).toMatchObject({
      searchUrl: 'https://crm.example.com/s?q=79161234567',
      source: 'none',
    });
  });

  it('does not search for an internal extension or a withheld number', async () => {
    await rememberSearch({
      origin: 'https://crm.example.com',
      crm: 'vtiger',
      template: 'https://crm.example.com/s?q={number}',
      seenAt: 1,
    });
    expect(await identifyCaller('1002', { country: 'RU' })).toEqual({
      number: '1002',
      source: 'none',
    });
    expect(await identifyCaller('anonymous', { country: 'RU' })).toEqual({
      number: 'anonymous',
      source: 'none',
    });
  });
});

describe('callerIdentities', () => {
  it('asks once per call, so every consumer sees the same answer', async () => {
    const identify = vi.fn(async (number: string) => ({ number, source: 'none' as const }));
    const forCall = callerIdentities(async () => 'RU', identify);
    const call = { id: 'c1', remoteNumber: '84951234567' };
    const [a, b] = await Promise.all([forCall(call), forCall(call)]);
    expect(a).toBe(b);
    expect(identify).toHaveBeenCalledTimes(1);
    await forCall({ id: 'c2', remoteNumber: '84951234567', remoteName: 'X' });
    expect(identify).toHaveBeenLastCalledWith('84951234567', { country: 'RU', sipName: 'X' });
  });

  it('falls back to what the call carries', () => {
    expect(sipIdentity({ id: 'c', remoteNumber: '1002', remoteName: 'Desk' })).toEqual({
      number: '1002',
      name: 'Desk',
      source: 'sip',
    });
  });
});

describe('withKnownContact', () => {
  it('names a callback task after the contact a CRM page showed, keeping a given name', async () => {
    await rememberContact({
      number: '+74951234567',
      name: 'Иван Петров',
      recordUrl: 'https://crm.example.com/r/5',
      crm: 'vtiger',
      seenAt: 1,
    });
    expect(await withKnownContact({ number: '+74951234567' })).toEqual({
      number: '+74951234567',
      name: 'Иван Петров',
      contactUrl: 'https://crm.example.com/r/5',
    });
    expect(await withKnownContact({ number: '+74951234567', name: 'Ваня' })).toMatchObject({
      name: 'Ваня',
    });
    expect(await withKnownContact({ number: '+79990000000' })).toEqual({ number: '+79990000000' });
  });
});
