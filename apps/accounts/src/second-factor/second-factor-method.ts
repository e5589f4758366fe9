import type { IUser } from '@rc/contracts';

/**
 * One way to prove it is the user again (Rocket.Chat's `ICodeCheck`): TOTP (`totp/totp-method.ts`), and the
 * password fallback. More (e-mail codes) are further implementations, registered in `SECOND_FACTOR_METHODS`.
 */
export interface SecondFactorMethod {
  /** What clients send as `x-2fa-method` / `twoFactorMethod` and read in `details.method`. */
  readonly name: string;
  /** Whether the user can use it; `force`: a second factor is required even where the setting would not ask it. */
  isEnabled(user: IUser, force: boolean): boolean;
  verify(user: IUser, code: string, force: boolean): Promise<boolean>;
  /** What `totp-required` / `totp-invalid` add to `details` (an e-mail method sends a code here). */
  challenge(user: IUser): Promise<{ codeGenerated: boolean } & Record<string, unknown>>;
  /** Whether wrong codes locked this method for the user (`totp-max-attempts`). */
  tooManyFailedAttempts(user: IUser): Promise<boolean>;
}

/** The user's second factors (TOTP first, as Rocket.Chat), in the order tried when the client names none. */
export const SECOND_FACTOR_METHODS = Symbol('SECOND_FACTOR_METHODS');
