import { Injectable } from '@nestjs/common';
import { hashLoginToken } from '@rc/contracts';
import type { DdpSession, SessionObserver, SessionUser } from './ddp-session.js';

/** A logged-in session and the hash of the token it logged in with (how accounts names revoked tokens). */
export interface LoggedInSession {
  session: DdpSession;
  hashedToken: string;
}

/** The DDP sessions open on this gateway instance, and those logged in, by user. */
@Injectable()
export class SessionRegistry implements SessionObserver {
  private readonly sessions = new Set<DdpSession>();
  private readonly byUser = new Map<string, Map<DdpSession, string>>();

  add(session: DdpSession): void {
    this.sessions.add(session);
  }

  closed(session: DdpSession): void {
    this.sessions.delete(session);
    if (session.user) this.loggedOut(session, session.user);
  }

  get size(): number {
    return this.sessions.size;
  }

  all(): DdpSession[] {
    return [...this.sessions];
  }

  /** The sessions logged in as `userId` on this instance. */
  loggedInAs(userId: string): LoggedInSession[] {
    return [...(this.byUser.get(userId) ?? [])].map(([session, hashedToken]) => ({ session, hashedToken }));
  }

  loggedIn(session: DdpSession, user: SessionUser): void {
    let sessions = this.byUser.get(user.userId);
    if (!sessions) this.byUser.set(user.userId, (sessions = new Map<DdpSession, string>()));
    sessions.set(session, hashLoginToken(user.token));
  }

  loggedOut(session: DdpSession, { userId }: SessionUser): void {
    const sessions = this.byUser.get(userId);
    if (!sessions?.delete(session)) return;
    if (sessions.size === 0) this.byUser.delete(userId);
  }
}
