import { Injectable } from '@nestjs/common';
import type { DdpSession } from './ddp-session.js';

/** The DDP sessions open on this gateway instance. */
@Injectable()
export class SessionRegistry {
  private readonly sessions = new Set<DdpSession>();

  add(session: DdpSession): void {
    this.sessions.add(session);
    session.once('close', () => this.sessions.delete(session));
  }

  get size(): number {
    return this.sessions.size;
  }

  all(): DdpSession[] {
    return [...this.sessions];
  }
}
