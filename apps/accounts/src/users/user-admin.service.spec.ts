import { describe, expect, it } from '@jest/globals';
import type { PasswordPolicyOptions } from '../auth/password-policy.js';
import { passwordPolicyView } from './user-admin.service.js';

const off: PasswordPolicyOptions = {
  enabled: false,
  minLength: 7,
  maxLength: -1,
  forbidRepeatingCharacters: true,
  forbidRepeatingCharactersCount: 3,
  atLeastOneLowercase: true,
  atLeastOneUppercase: true,
  atLeastOneNumber: true,
  atLeastOneSpecialCharacter: true,
};

describe('passwordPolicyView (pw.getPolicy)', () => {
  it('shows nothing while the policy is off', () => {
    expect(passwordPolicyView(off)).toEqual({ enabled: false, policy: [] });
  });

  it('lists every rule in force with its parameter, as Rocket.Chat (8 with everything on)', () => {
    const view = passwordPolicyView({ ...off, enabled: true, maxLength: 24 });
    expect(view.enabled).toBe(true);
    expect(view.policy).toEqual([
      ['get-password-policy-minLength', { minLength: 7 }],
      ['get-password-policy-maxLength', { maxLength: 24 }],
      ['get-password-policy-forbidRepeatingCharacters'],
      ['get-password-policy-forbidRepeatingCharactersCount', { forbidRepeatingCharactersCount: 3 }],
      ['get-password-policy-mustContainAtLeastOneLowercase'],
      ['get-password-policy-mustContainAtLeastOneUppercase'],
      ['get-password-policy-mustContainAtLeastOneNumber'],
      ['get-password-policy-mustContainAtLeastOneSpecialCharacter'],
    ]);
  });

  it('keeps the repeating-characters count when nothing else is set (its default is set)', () => {
    const view = passwordPolicyView({
      ...off,
      enabled: true,
      minLength: -1,
      forbidRepeatingCharacters: false,
      atLeastOneLowercase: false,
      atLeastOneUppercase: false,
      atLeastOneNumber: false,
      atLeastOneSpecialCharacter: false,
    });
    expect(view.policy).toEqual([['get-password-policy-forbidRepeatingCharactersCount', { forbidRepeatingCharactersCount: 3 }]]);
  });
});
