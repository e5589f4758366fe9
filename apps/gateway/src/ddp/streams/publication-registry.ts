import { Injectable } from '@nestjs/common';
import { DdpRateLimiter } from '../rate-limit/ddp-rate-limiter.js';
import { MeteorError } from '../protocol/meteor-error.js';
import type { Publication } from '../session/publication.js';

/** Sets a publication up (and calls `ready()`), or throws the error its `nosub` carries. */
export type PublicationHandler = (publication: Publication) => Promise<void>;

/** The subscriptions (`sub` names) the server answers; the streams register here. */
@Injectable()
export class PublicationRegistry {
  private readonly handlers = new Map<string, PublicationHandler>();

  constructor(private readonly rateLimiter: DdpRateLimiter) {}

  register(name: string, handler: PublicationHandler): void {
    if (this.handlers.has(name)) throw new Error(`publication ${name} registered twice`);
    this.handlers.set(name, handler);
  }

  async start(publication: Publication): Promise<void> {
    const handler = this.handlers.get(publication.name);
    if (!handler) throw new MeteorError(404, `Subscription '${publication.name}' not found`);
    const { session } = publication;
    this.rateLimiter.check({
      type: 'subscription',
      name: publication.name,
      userId: session.user?.userId,
      connectionId: session.id,
      clientAddress: session.clientAddress,
    });
    await handler(publication);
  }
}
