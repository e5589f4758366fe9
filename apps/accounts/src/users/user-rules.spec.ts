import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@rc/contracts';
import { assertEmailDomainAllowed, assertValidUsername, usernamePattern, validNameChars } from './user-rules.js';

const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? { code: error.code, reason: error.reason } : error;
  }
  return undefined;
};

describe('user rules', () => {
  it.each([
    ['Ada Lovelace', true],
    ['José Ñúñez', true],
    // A `%` that is not an escape fails decodeURI: refused, as in Rocket.Chat.
    ['50% off', false],
    ['a<b', false],
    ['a>b', false],
    ['a/b', false],
    ['a\\b', false],
    ['a%3Cb', false],
    ['a%2Fb', true],
    ['bad %E0%A4%A escape', false],
  ])('validateNameChars(%j) is %s', (name, valid) => {
    expect(validNameChars(name)).toBe(valid);
  });

  it.each([
    [undefined, 'bob.smith-1_x', true],
    [undefined, 'has space', false],
    ['', 'josé', false],
    ['[0-9a-zA-Z-_.é]+', 'josé', true],
    ['[a-z]+', 'abc1', false],
    // A setting that is not a valid pattern falls back to Rocket.Chat's default.
    ['[unclosed', 'bob', true],
    ['[unclosed', 'has space', false],
  ])('UTF8_User_Names_Validation %j: %j valid is %s', (setting, username, valid) => {
    expect(usernamePattern(setting).test(username)).toBe(valid);
    expect(refusal(() => assertValidUsername(username, usernamePattern(setting)))).toEqual(
      valid ? undefined : { code: 'error-input-is-not-a-valid-field', reason: `${username} is not a valid username` },
    );
  });

  it.each([
    ['a@example.com', {}, undefined],
    ['a@example.com', { allowed: ' ', blocked: '' }, undefined],
    ['a@example.com', { allowed: 'other.com, Example.com' }, undefined],
    ['a@example.com', { allowed: 'other.com' }, { code: 'error-invalid-domain', reason: 'The email domain is not in whitelist' }],
    ['a@sub.example.com', { allowed: 'example.com' }, { code: 'error-invalid-domain', reason: 'The email domain is not in whitelist' }],
    [
      'a@example.com',
      { blocked: 'spam.test,EXAMPLE.com' },
      { code: 'error-email-domain-blacklisted', reason: 'The email domain is blacklisted' },
    ],
    [
      'a@example.com',
      { allowed: 'example.com', blocked: 'example.com' },
      { code: 'error-email-domain-blacklisted', reason: 'The email domain is blacklisted' },
    ],
  ])('%s with %j', (address, lists, expected) => {
    expect(refusal(() => assertEmailDomainAllowed(address, lists))).toEqual(expected);
  });
});
