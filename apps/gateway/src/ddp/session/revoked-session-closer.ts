import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { loginTokensRevokedEvent, STREAMS, type LoginTokensRevoked } from '@rc/contracts';
import { EventBus } from '@rc/platform';
import { streamFrame } from '../protocol/ddp-frames.js';
import type { DdpSession } from './ddp-session.js';
import { SessionRegistry } from './session-registry.js';

/** Rocket.Chat's close of a connection whose login token is gone (Meteor closes it; clients reconnect and find themselves logged out). */
export const REVOKED_CLOSE = { code: 1000, reason: 'LOGGED_OUT' } as const;

/**
 * Closes the DDP sockets of this instance whose login token accounts removed, wherever the removal was
 * asked (another gateway, REST, an administrator): every gateway receives every revocation. When the user
 * was logged out by someone else, the clients that listen for it first get `<uid>/force_logout` on
 * stream-notify-user, as Rocket.Chat's `user.forceLogout` sends it.
 */
@Injectable()
export class RevokedSessionCloser implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RevokedSessionCloser.name);
  private unsubscribe?: () => void;

  constructor(
    private readonly events: EventBus,
    private readonly sessions: SessionRegistry,
  ) {}

  /** Once NATS is connected (the broker connects at bootstrap); before any socket is accepted. */
  onApplicationBootstrap(): void {
    this.unsubscribe = this.events.subscribe(loginTokensRevokedEvent, '*', (revocation) => this.close(revocation));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  close(revocation: LoginTokensRevoked): void {
    const revoked = new Set(revocation.hashedTokens);
    const ended = this.sessions
      .loggedInAs(revocation.userId)
      .filter(({ hashedToken }) => revocation.everySession || revoked.has(hashedToken))
      .map(({ session }) => session);
    for (const session of ended) {
      if (revocation.forceLogout) this.sendForceLogout(session, revocation.userId);
      // Logged out at once: nothing queued on the socket runs as the user any more.
      session.logout();
      session.close(REVOKED_CLOSE.code, REVOKED_CLOSE.reason);
    }
    if (ended.length > 0) this.logger.log(`closed ${ended.length} socket(s) of user ${revocation.userId}: login token removed`);
  }

  private sendForceLogout(session: DdpSession, userId: string): void {
    const eventName = `${userId}/force_logout`;
    for (const publication of session.publicationsNamed(STREAMS.notifyUser)) {
      if (publication.params[0] === eventName) publication.send(streamFrame(STREAMS.notifyUser, eventName, '[]'));
    }
  }
}
