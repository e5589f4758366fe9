import { describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode } from '@rc/contracts';
import { loginRequestFromBody } from './login-body.js';

const digest = 'a'.repeat(64);

describe("the REST login body (Rocket.Chat's accepted forms)", () => {
  it('reads a user name, an e-mail, a Meteor user object, a digest and a resume token', () => {
    expect(loginRequestFromBody({ user: 'ada', password: 'pw' }, '10.0.0.1')).toEqual({
      kind: 'password',
      user: { username: 'ada' },
      password: { plain: 'pw' },
      clientAddress: '10.0.0.1',
    });
    expect(loginRequestFromBody({ user: 'ada@x.test', password: { hashed: digest } })).toMatchObject({
      user: { email: 'ada@x.test' },
      password: { digest, algorithm: 'sha-256' },
    });
    expect(loginRequestFromBody({ user: { id: 'u1' }, password: { digest, algorithm: 'sha-256' } })).toMatchObject({ user: { id: 'u1' } });
    expect(loginRequestFromBody({ username: 'ada', password: 'pw' })).toMatchObject({ user: { username: 'ada' } });
    expect(loginRequestFromBody({ resume: 'tok' })).toEqual({ kind: 'resume', token: 'tok', clientAddress: undefined });
    expect(loginRequestFromBody({ oauth: { credentialToken: 'ct', credentialSecret: 'cs' } }, '10.0.0.1')).toEqual({
      kind: 'oauth',
      credentialToken: 'ct',
      credentialSecret: 'cs',
      clientAddress: '10.0.0.1',
    });
  });

  it('takes a second factor’s code from the body, else from the x-2fa-code header', () => {
    expect(loginRequestFromBody({ user: 'ada', password: 'pw', code: '123456' }, undefined, '654321')).toMatchObject({ code: '123456' });
    expect(loginRequestFromBody({ user: 'ada', password: 'pw' }, undefined, '654321')).toMatchObject({ code: '654321' });
    expect(loginRequestFromBody({ user: 'ada', password: 'pw' })).not.toHaveProperty('code');
  });

  it.each([
    [{ user: { $ne: null }, password: 'pw' }],
    [{ user: { username: { $regex: '.*' } }, password: 'pw' }],
    [{ user: { username: 'ada', email: 'x' }, password: 'pw' }],
    [{ username: ['ada'], password: 'pw' }],
    [{ user: 'ada', password: { $ne: null } }],
    [{ user: 'ada', password: { digest, algorithm: 'md5' } }],
    [{ resume: { $ne: null } }],
    [{ user: 'ada', password: 'pw', code: { $ne: null } }],
    [{ oauth: { credentialToken: { $ne: null }, credentialSecret: 'cs' } }],
    [{ oauth: { credentialToken: 'ct' } }],
    [{ oauth: 'ct' }],
    [{}],
    ['a string'],
  ])('refuses %j with invalid-params', (body) => {
    let error: unknown;
    try {
      loginRequestFromBody(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.InvalidParams);
  });

  it("reads Rocket.Chat's LDAP login, strings only", () => {
    expect(loginRequestFromBody({ ldap: true, username: 'ada', ldapPass: 'pw', ldapOptions: {} }, '10.0.0.1')).toEqual({
      kind: 'ldap',
      username: 'ada',
      ldapPass: 'pw',
      ldapOptions: {},
      clientAddress: '10.0.0.1',
    });
    for (const body of [
      { ldap: true, username: { $ne: null }, ldapPass: 'pw' },
      { ldap: true, username: 'ada', ldapPass: '' },
      { ldap: true, username: 'ada', ldapPass: 'pw', ldapOptions: [] },
    ]) {
      expect(() => loginRequestFromBody(body)).toThrow(DomainError);
    }
  });
});
