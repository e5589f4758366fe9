import { Injectable } from '@nestjs/common';
import type { LoginRequest, LoginResult } from '@rc/contracts';

export type LoginKind = LoginRequest['kind'];
export type LoginHandler<K extends LoginKind> = (request: Extract<LoginRequest, { kind: K }>) => Promise<LoginResult>;

/**
 * The seam through which a login method that lives outside the auth module (LDAP today) takes the logins of
 * its kind: the module registers a handler on start, LoginService hands it every request of that kind, and the
 * handler finishes with `LoginService.issueLogin` (the same token, expiry and last-login bookkeeping).
 */
@Injectable()
export class LoginStrategies {
  private readonly handlers = new Map<LoginKind, LoginHandler<LoginKind>>();

  register<K extends LoginKind>(kind: K, handler: LoginHandler<K>): void {
    if (this.handlers.has(kind)) throw new Error(`a login handler for ${kind} is already registered`);
    this.handlers.set(kind, handler as unknown as LoginHandler<LoginKind>);
  }

  find(kind: LoginKind): LoginHandler<LoginKind> | undefined {
    return this.handlers.get(kind);
  }
}
