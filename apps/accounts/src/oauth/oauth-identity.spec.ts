import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@rc/contracts';
import { fieldValue, mapIdentity, parseClientState, usernameCandidate } from './oauth-identity.js';

const SITE = 'https://chat.example.com';
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe('parseClientState', () => {
  it("reads Meteor's popup and redirect states", () => {
    expect(parseClientState(encode({ loginStyle: 'popup', credentialToken: 'abcDEF123_-xyz', isCordova: false }), SITE)).toEqual({
      loginStyle: 'popup',
      credentialToken: 'abcDEF123_-xyz',
    });
    expect(
      parseClientState(encode({ loginStyle: 'redirect', credentialToken: 'abcDEF123_-xyz', redirectUrl: `${SITE}/home` }), SITE),
    ).toEqual({ loginStyle: 'redirect', credentialToken: 'abcDEF123_-xyz', redirectUrl: `${SITE}/home` });
  });

  it('refuses what is not a state, a missing or odd credential token, and a redirect to another origin', () => {
    for (const bad of [
      'not base64 json',
      encode(null),
      encode({ loginStyle: 'popup' }),
      encode({ credentialToken: 'x' }),
      encode({ credentialToken: { $ne: null } }),
      encode({ loginStyle: 'redirect', credentialToken: 'abcDEF123_-xyz', redirectUrl: 'https://evil.example/' }),
      encode({ loginStyle: 'redirect', credentialToken: 'abcDEF123_-xyz', redirectUrl: 'javascript:alert(1)' }),
    ]) {
      expect(() => parseClientState(bad, SITE)).toThrow(DomainError);
    }
  });
});

describe('identity mapping', () => {
  const identity = {
    sub: '42',
    preferred_username: 'ada',
    email: 'ada@example.com',
    email_verified: true,
    profile: { nick: 'lovelace' },
    given: 'Ada',
    family: 'L',
  };

  it('reads dotted paths and templates, and falls back to OpenID claims', () => {
    expect(fieldValue(identity, 'profile.nick')).toBe('lovelace');
    expect(fieldValue(identity, '{{given}}.{{family}}')).toBe('Ada.L');
    expect(fieldValue(identity, '{{given}}.{{missing}}')).toBeUndefined();
    expect(fieldValue(identity, 'profile.__proto__')).toBeUndefined();
    expect(mapIdentity(identity, { usernameField: 'profile.nick', emailField: '', nameField: '{{given}} {{family}}' })).toEqual({
      id: '42',
      username: 'lovelace',
      email: 'ada@example.com',
      emailVerified: true,
      name: 'Ada L',
    });
    expect(mapIdentity({ id: 7, login: 'x' }, { usernameField: 'login', emailField: '', nameField: '' })).toMatchObject({
      id: '7',
      username: 'x',
      emailVerified: false,
    });
  });

  it('refuses an identity without an id', () => {
    expect(() => mapIdentity({ email: 'a@b.c' }, { usernameField: '', emailField: '', nameField: '' })).toThrow(DomainError);
  });

  it('derives a username Rocket.Chat accepts', () => {
    expect(usernameCandidate({ id: '1', username: 'Ada Lovelace!', emailVerified: false })).toBe('AdaLovelace');
    expect(usernameCandidate({ id: '1', email: 'grace.hopper@navy.mil', emailVerified: false })).toBe('grace.hopper');
    expect(usernameCandidate({ id: '1', emailVerified: false })).toBe('');
  });
});
