import { Injectable } from '@nestjs/common';
import { accountsAuthenticate, DomainError, ErrorCode, type Actor, type AuthMode, type SelfUser } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import type { IncomingHttpHeaders } from 'node:http';

export interface Authenticated {
  user: SelfUser;
  actor: Actor;
  authToken: string;
}

const notLoggedIn = () => new DomainError(ErrorCode.NotLoggedIn, 'You must be logged in to do this.');

/**
 * Authenticates a REST call by `X-User-Id` + `X-Auth-Token` (plain strings only), asking the accounts service.
 * Shared by the bound routes and the hand-written controllers, so both accept and refuse the same callers.
 */
@Injectable()
export class Authenticator {
  constructor(private readonly rpc: RpcClient) {}

  /** The caller per the route's mode: required (`user`), when given (`optional`), or never asked (`none`). */
  async authenticate(headers: IncomingHttpHeaders, mode: AuthMode): Promise<Authenticated | undefined> {
    if (mode === 'none') return undefined;
    const userId = headers['x-user-id'];
    const token = headers['x-auth-token'];
    if (typeof userId === 'string' && typeof token === 'string' && userId && token) {
      try {
        const { user } = await this.rpc.request(accountsAuthenticate, { userId, token });
        return { user, actor: { userId: user._id, username: user.username ?? '' }, authToken: token };
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== ErrorCode.NotLoggedIn) throw error;
      }
    }
    if (mode === 'optional') return undefined;
    throw notLoggedIn();
  }
}
