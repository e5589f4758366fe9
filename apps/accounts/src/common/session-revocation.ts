import { Injectable } from '@nestjs/common';
import { loginTokensRevokedEvent, type IUser } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { EventBus } from '@rc/platform';

export interface RevocationOptions {
  /** Every session of the user ends, whatever its token (deactivation, deletion). */
  everySession?: boolean;
  /** Clients are told `force_logout` before their sockets close (someone else logged the user out). */
  forceLogout?: boolean;
}

const hashesOf = (user: IUser | null): Set<string> =>
  new Set((user?.services?.resume?.loginTokens ?? []).map((token) => token.hashedToken).filter((hash): hash is string => !!hash));

/**
 * Removes login tokens and tells every gateway which ones are gone, so that the sockets that logged in with
 * them close wherever they are. The tokens removed are read from the database before and after the removal
 * (a token added meanwhile is not announced), so the announcement names exactly what no longer exists.
 * Resolves once NATS has the announcement: the caller's answer follows it.
 */
@Injectable()
export class SessionRevocation {
  constructor(
    private readonly users: UsersRepository,
    private readonly events: EventBus,
  ) {}

  async revoke<T>(userId: string, remove: () => Promise<T>, options: RevocationOptions = {}): Promise<T> {
    const before = hashesOf(await this.users.findById(userId));
    const result = await remove();
    const after = hashesOf(await this.users.findById(userId));
    const hashedTokens = [...before].filter((hash) => !after.has(hash));
    if (hashedTokens.length > 0 || options.everySession) {
      this.events.publish(loginTokensRevokedEvent, userId, {
        userId,
        hashedTokens,
        everySession: options.everySession === true,
        forceLogout: options.forceLogout === true,
      });
      await this.events.flush();
    }
    return result;
  }
}
