import { describe, expect, it } from 'vitest';
import { validateAccount } from './account-schema';

const good = {
  wsUrl: 'wss://pbx.example.com:8089/ws',
  sipUri: 'sip:1001@pbx.example.com',
  authUser: '1001',
  password: 'secret',
  displayName: 'Ivan',
};

describe('validateAccount', () => {
  it('accepts a typical PBX account and trims what users paste', () => {
    const r = validateAccount({
      ...good,
      wsUrl: ' ws://127.0.0.1:5066 ',
      sipUri: 'sip:1001@127.0.0.1 ',
    });
    expect(r).toEqual({
      ok: true,
      account: { ...good, wsUrl: 'ws://127.0.0.1:5066', sipUri: 'sip:1001@127.0.0.1' },
    });
  });

  it('explains each bad field with its own message key', () => {
    const r = validateAccount({
      wsUrl: 'http://pbx.example.com',
      sipUri: '1001@pbx',
      authUser: 'a b',
      password: '',
      displayName: 'x\u0007',
    });
    expect(r).toEqual({
      ok: false,
      errors: {
        wsUrl: 'errWsUrl',
        sipUri: 'errSipUri',
        authUser: 'errAuthUser',
        password: 'errPassword',
        displayName: 'errDisplayName',
      },
    });
  });

  it('rejects malformed WebSocket URLs and SIP URIs', () => {
    for (const wsUrl of ['ws://', 'pbx.example.com:8089', 'wss//pbx', ''])
      expect(validateAccount({ ...good, wsUrl })).toMatchObject({
        ok: false,
        errors: { wsUrl: 'errWsUrl' },
      });
    for (const sipUri of ['sip:pbx.example.com', 'sip:@host', 'tel:+7495', 'sip:1001@ho st'])
      expect(validateAccount({ ...good, sipUri })).toMatchObject({
        ok: false,
        errors: { sipUri: 'errSipUri' },
      });
  });

  it('accepts sips, ports, IPv6 and URI parameters', () => {
    for (const sipUri of [
      'sips:1001@pbx.example.com:5061',
      'sip:1001@[::1]',
      'sip:agent.7@pbx;transport=ws',
    ])
      expect(validateAccount({ ...good, sipUri }).ok).toBe(true);
  });
});
