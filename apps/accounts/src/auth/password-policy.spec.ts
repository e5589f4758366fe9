import { describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode } from '@rc/contracts';
import { assertPasswordPolicy, passwordPolicyFromSettings, type PasswordPolicyOptions } from './password-policy.js';

const strict: PasswordPolicyOptions = {
  enabled: true,
  minLength: 8,
  maxLength: 20,
  forbidRepeatingCharacters: true,
  forbidRepeatingCharactersCount: 3,
  atLeastOneLowercase: true,
  atLeastOneUppercase: true,
  atLeastOneNumber: true,
  atLeastOneSpecialCharacter: true,
};

const reasonsOf = (password: string, options = strict): string[] => {
  try {
    assertPasswordPolicy(password, options);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.PasswordPolicy);
    return ((error as DomainError).details?.reasons as Array<{ error: string }> | undefined)?.map((r) => r.error) ?? ['empty'];
  }
};

describe('password policy', () => {
  it('accepts a password that follows every rule', () => {
    expect(reasonsOf('Str0ng-pass')).toEqual([]);
  });

  it('names each rule a password breaks', () => {
    expect(reasonsOf('short')).toEqual([
      'error-password-policy-not-met-minLength',
      'error-password-policy-not-met-oneUppercase',
      'error-password-policy-not-met-oneNumber',
      'error-password-policy-not-met-oneSpecial',
    ]);
    expect(reasonsOf('Aaaaa1-bcdefghijklmnopq')).toEqual([
      'error-password-policy-not-met-maxLength',
      'error-password-policy-not-met-repeatingCharacters',
    ]);
  });

  it('allows as many repeats as the count, not one more', () => {
    expect(reasonsOf('Paaa55-word')).toEqual([]);
    expect(reasonsOf('Paaaa5-word')).toEqual(['error-password-policy-not-met-repeatingCharacters']);
  });

  it('refuses a blank password even when the policy is off', () => {
    expect(reasonsOf('   ', { ...strict, enabled: false })).toEqual(['empty']);
    expect(reasonsOf('x', { ...strict, enabled: false })).toEqual([]);
  });

  it("reads Rocket.Chat's Accounts_Password_Policy_* settings, their defaults where unset or of the wrong type", () => {
    const settings = (values: Record<string, unknown>) => ({ get: (id: string) => values[id.replace('Accounts_Password_Policy_', '')] });
    expect(passwordPolicyFromSettings(settings({}))).toEqual({
      ...strict,
      enabled: false,
      minLength: 7,
      maxLength: -1,
    });
    expect(
      passwordPolicyFromSettings(
        settings({ Enabled: true, MinLength: 12, MaxLength: 'many', AtLeastOneSpecialCharacter: false, ForbidRepeatingCharactersCount: 0 }),
      ),
    ).toEqual({ ...strict, minLength: 12, maxLength: -1, atLeastOneSpecialCharacter: false, forbidRepeatingCharactersCount: 1 });
  });
});
