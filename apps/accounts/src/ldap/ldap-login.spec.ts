import { describe, expect, it, jest } from '@jest/globals';
import { DomainError, ErrorCode } from '@rc/contracts';
import { SETTING_DEFINITIONS } from '@rc/settings';
import { LdapUnavailableError } from './ldap-connection.js';
import type { LdapAuthentication } from './ldap-directory.js';
import { LdapLogin } from './ldap-login.js';

type Outcome = LdapAuthentication | Error;

/** LdapLogin with its collaborators replaced: the directory answers `outcome`, settings are the defaults plus `values`. */
function ldapLogin(outcome: Outcome, values: Record<string, unknown> = {}) {
  const defaults = Object.fromEntries(SETTING_DEFINITIONS.map((s) => [s._id, s.packageValue]));
  const settings = { get: (id: string) => ({ ...defaults, LDAP_Enable: true, ...values })[id] };
  const logins = {
    loginWithPassword: jest.fn((_request: unknown) => Promise.resolve({ type: 'password' })),
    issueLogin: jest.fn((_user: unknown, type: string) => Promise.resolve({ type })),
  };
  const throttle = {
    beforeAttempt: jest.fn((_identity: string, _address?: string) => Promise.resolve()),
    failed: jest.fn((_identity: string, _address?: string) => Promise.resolve()),
    succeeded: jest.fn((_identity: string) => Promise.resolve()),
  };
  const directory = {
    authenticate: jest.fn(() => (outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome))),
  };
  const users = {
    setPasswordHash: jest.fn((_id: string, _hash: string) => Promise.resolve(null)),
    findById: jest.fn(() => Promise.resolve({ _id: 'u1', active: true })),
  };
  const login = new LdapLogin(
    { register: jest.fn() } as never,
    logins as never,
    throttle as never,
    settings as never,
    directory as never,
    {} as never,
    users as never,
    { BCRYPT_ROUNDS: 4 } as never,
  );
  const request = { kind: 'ldap' as const, username: 'ada', ldapPass: 'secret', clientAddress: '10.0.0.1' };
  return { login: () => login.login(request), logins, throttle, directory, users };
}

const codeOf = async (promise: Promise<unknown>) => {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).code;
};

describe('LdapLogin', () => {
  it('counts a wrong password or an unknown name as a failed login, without the local password', async () => {
    for (const kind of ['wrong-password', 'not-found', 'ambiguous', 'not-in-group'] as const) {
      const t = ldapLogin({ kind });
      expect(await codeOf(t.login())).toBe(ErrorCode.LoginFailed);
      expect(t.throttle.beforeAttempt).toHaveBeenCalledWith('username:ada', '10.0.0.1');
      expect(t.throttle.failed).toHaveBeenCalledWith('username:ada', '10.0.0.1');
      expect(t.logins.loginWithPassword).not.toHaveBeenCalled();
    }
  });

  it('answers LDAP-login-error when the directory is down, not counting it against the user', async () => {
    const t = ldapLogin(new LdapUnavailableError(new Error('connect ECONNREFUSED')));
    expect(await codeOf(t.login())).toBe(ErrorCode.LdapLoginError);
    expect(t.throttle.failed).not.toHaveBeenCalled();
    expect(t.logins.loginWithPassword).not.toHaveBeenCalled();
  });

  it('falls back to the local password on any failure only with LDAP_Login_Fallback', async () => {
    for (const outcome of [new LdapUnavailableError('down'), { kind: 'wrong-password' as const }]) {
      const t = ldapLogin(outcome, { LDAP_Login_Fallback: true });
      await expect(t.login()).resolves.toEqual({ type: 'password' });
      expect(t.logins.loginWithPassword).toHaveBeenCalledWith({
        kind: 'password',
        user: { username: 'ada' },
        password: { plain: 'secret' },
        clientAddress: '10.0.0.1',
      });
      // The password login counts its own failure: not twice.
      expect(t.throttle.failed).not.toHaveBeenCalled();
    }
  });

  it('is a password login while LDAP is off', async () => {
    const t = ldapLogin({ kind: 'authenticated', result: 'u1' }, { LDAP_Enable: false });
    await expect(t.login()).resolves.toEqual({ type: 'password' });
    expect(t.directory.authenticate).not.toHaveBeenCalled();
  });

  it('issues an ldap login, keeping the password locally only with the fallback on', async () => {
    const off = ldapLogin({ kind: 'authenticated', result: 'u1' });
    await expect(off.login()).resolves.toEqual({ type: 'ldap' });
    expect(off.throttle.succeeded).toHaveBeenCalledWith('username:ada');
    expect(off.users.setPasswordHash).not.toHaveBeenCalled();

    const on = ldapLogin({ kind: 'authenticated', result: 'u1' }, { LDAP_Login_Fallback: true });
    await expect(on.login()).resolves.toEqual({ type: 'ldap' });
    expect(on.users.setPasswordHash).toHaveBeenCalledWith('u1', expect.stringMatching(/^\$2[aby]\$04\$/));
  });
});
