import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type LoginToken, type PersonalAccessTokenInfo } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { hashLoginToken, newLoginToken } from '../auth/login-token.js';
import { Access } from '../common/access.js';
import { SessionRevocation } from '../common/session-revocation.js';

const notAuthorized = () => new DomainError(ErrorCode.NotAuthorized, 'Not Authorized');
const doesNotExist = () => new DomainError(ErrorCode.TokenDoesNotExist, 'Token does not exist');

/**
 * Personal access tokens (Rocket.Chat's personalAccessTokens:* methods), each needing
 * `create-personal-access-tokens`. A token is shown once, when generated; only its hash is stored.
 */
@Injectable()
export class PersonalAccessTokensService {
  constructor(
    private readonly users: UsersRepository,
    private readonly access: Access,
    private readonly revocation: SessionRevocation,
  ) {}

  async generate(actor: Actor, tokenName: string, bypassTwoFactor = false): Promise<{ token: string }> {
    await this.assertAllowed(actor);
    const token = newLoginToken();
    const stored = {
      hashedToken: hashLoginToken(token),
      type: 'personalAccessToken',
      createdAt: new Date(),
      lastTokenPart: token.slice(-6),
      name: tokenName,
      bypassTwoFactor,
    } as LoginToken & { name: string };
    if (!(await this.users.addPersonalAccessToken(actor.userId, stored))) {
      throw new DomainError(ErrorCode.TokenAlreadyExists, 'A token with this name already exists');
    }
    return { token };
  }

  /** A new secret under the same name (the old one stops working); keeps `bypassTwoFactor`. */
  async regenerate(actor: Actor, tokenName: string): Promise<{ token: string }> {
    await this.assertAllowed(actor);
    const existing = (await this.tokensOf(actor.userId)).find((t) => t.name === tokenName);
    if (!existing) throw doesNotExist();
    await this.revocation.revoke(actor.userId, () => this.users.removePersonalAccessToken(actor.userId, tokenName));
    return this.generate(actor, tokenName, existing.bypassTwoFactor === true);
  }

  async remove(actor: Actor, tokenName: string): Promise<{ ok: true }> {
    await this.assertAllowed(actor);
    const removed = await this.revocation.revoke(actor.userId, () => this.users.removePersonalAccessToken(actor.userId, tokenName));
    if (!removed) throw doesNotExist();
    return { ok: true };
  }

  async list(actor: Actor): Promise<{ tokens: PersonalAccessTokenInfo[] }> {
    await this.assertAllowed(actor);
    const tokens = (await this.tokensOf(actor.userId)).map((t) => ({
      name: t.name ?? '',
      createdAt: new Date(t.createdAt ?? 0).toISOString(),
      lastTokenPart: t.lastTokenPart ?? '',
      bypassTwoFactor: t.bypassTwoFactor === true,
    }));
    return { tokens };
  }

  private async tokensOf(userId: string): Promise<LoginToken[]> {
    const user = await this.users.findById(userId);
    return user?.services?.resume?.loginTokens?.filter((t) => t.type === 'personalAccessToken') ?? [];
  }

  private async assertAllowed(actor: Actor): Promise<void> {
    if (!(await this.access.has(actor.userId, 'create-personal-access-tokens'))) throw notAuthorized();
  }
}
