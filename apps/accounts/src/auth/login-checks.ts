import { Injectable } from '@nestjs/common';
import type { IUser, LoginRequest } from '@rc/contracts';

export type PasswordLogin = Extract<LoginRequest, { kind: 'password' }>;

/** A check a login must pass once the user is known and their credentials matched; it throws to refuse. */
export type LoginCheck = (user: IUser, request: Pick<PasswordLogin, 'code'>) => Promise<void>;

/**
 * The seam between the login and what other modules require of it (the second factor: Rocket.Chat's
 * `onValidateLogin` callbacks). Modules register their checks at start; `LoginService` runs them in order
 * before issuing a token, whatever the way the user proved who they are.
 */
@Injectable()
export class LoginChecks {
  private readonly checks: LoginCheck[] = [];

  register(check: LoginCheck): void {
    this.checks.push(check);
  }

  async run(user: IUser, request: Pick<PasswordLogin, 'code'>): Promise<void> {
    for (const check of this.checks) await check(user, request);
  }
}
