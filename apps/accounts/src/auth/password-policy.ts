import { DomainError, ErrorCode } from '@rc/contracts';

export interface PasswordPolicyOptions {
  enabled: boolean;
  minLength: number;
  maxLength: number;
  forbidRepeatingCharacters: boolean;
  forbidRepeatingCharactersCount: number;
  atLeastOneLowercase: boolean;
  atLeastOneUppercase: boolean;
  atLeastOneNumber: boolean;
  atLeastOneSpecialCharacter: boolean;
}

interface Rule {
  applies: (o: PasswordPolicyOptions) => boolean;
  broken: (password: string, o: PasswordPolicyOptions) => boolean;
  error: string;
  message: string;
}

/** Rocket.Chat's password rules, with its error ids and messages (reported together as `reasons`). */
const RULES: Rule[] = [
  {
    applies: (o) => o.minLength >= 1,
    broken: (p, o) => p.length < o.minLength,
    error: 'error-password-policy-not-met-minLength',
    message: 'The password does not meet the minimum length password policy.',
  },
  {
    applies: (o) => o.maxLength >= 1,
    broken: (p, o) => p.length > o.maxLength,
    error: 'error-password-policy-not-met-maxLength',
    message: 'The password does not meet the maximum length password policy.',
  },
  {
    applies: (o) => o.forbidRepeatingCharacters,
    // The same character more than `count` times in a row.
    broken: (p, o) => new RegExp(`(.)\\1{${o.forbidRepeatingCharactersCount},}`).test(p),
    error: 'error-password-policy-not-met-repeatingCharacters',
    message: 'The password contains repeating characters which is against the password policy.',
  },
  {
    applies: (o) => o.atLeastOneLowercase,
    broken: (p) => !/[a-z]/.test(p),
    error: 'error-password-policy-not-met-oneLowercase',
    message: 'The password does not contain at least one lowercase character which is against the password policy.',
  },
  {
    applies: (o) => o.atLeastOneUppercase,
    broken: (p) => !/[A-Z]/.test(p),
    error: 'error-password-policy-not-met-oneUppercase',
    message: 'The password does not contain at least one uppercase character which is against the password policy.',
  },
  {
    applies: (o) => o.atLeastOneNumber,
    broken: (p) => !/[0-9]/.test(p),
    error: 'error-password-policy-not-met-oneNumber',
    message: 'The password does not contain at least one numerical character which is against the password policy.',
  },
  {
    applies: (o) => o.atLeastOneSpecialCharacter,
    broken: (p) => !/[^A-Za-z0-9 ]/.test(p),
    error: 'error-password-policy-not-met-oneSpecial',
    message: 'The password does not contain at least one special character which is against the password policy.',
  },
];

const POLICY_NOT_MET = "The password provided does not meet the server's password policy.";

/** Throws Rocket.Chat's `error-password-policy-not-met` unless the password follows the policy. */
export function assertPasswordPolicy(password: string, options: PasswordPolicyOptions): void {
  if (!password.trim().length) throw new DomainError(ErrorCode.PasswordPolicy, POLICY_NOT_MET);
  if (!options.enabled) return;
  const reasons = RULES.filter((rule) => rule.applies(options) && rule.broken(password, options)).map(({ error, message }) => ({
    error,
    message,
  }));
  if (reasons.length) throw new DomainError(ErrorCode.PasswordPolicy, POLICY_NOT_MET, { reasons });
}

/** Reads settings (the `SettingsCache`'s `get`). */
interface SettingsReader {
  get(id: string): unknown;
}

/**
 * The policy Rocket.Chat's `Accounts_Password_Policy_*` settings set, read live (their defaults: off; at least 7
 * characters, no maximum, at most 3 repeats, one of each character class).
 */
export function passwordPolicyFromSettings(settings: SettingsReader): PasswordPolicyOptions {
  const flag = (id: string, fallback: boolean) => {
    const value = settings.get(`Accounts_Password_Policy_${id}`);
    return typeof value === 'boolean' ? value : fallback;
  };
  const count = (id: string, fallback: number) => {
    const value = settings.get(`Accounts_Password_Policy_${id}`);
    return typeof value === 'number' && Number.isInteger(value) ? value : fallback;
  };
  return {
    enabled: flag('Enabled', false),
    minLength: count('MinLength', 7),
    maxLength: count('MaxLength', -1),
    forbidRepeatingCharacters: flag('ForbidRepeatingCharacters', true),
    forbidRepeatingCharactersCount: Math.max(1, count('ForbidRepeatingCharactersCount', 3)),
    atLeastOneLowercase: flag('AtLeastOneLowercase', true),
    atLeastOneUppercase: flag('AtLeastOneUppercase', true),
    atLeastOneNumber: flag('AtLeastOneNumber', true),
    atLeastOneSpecialCharacter: flag('AtLeastOneSpecialCharacter', true),
  };
}
