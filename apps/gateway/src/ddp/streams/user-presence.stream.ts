import { Injectable, type OnModuleInit } from '@nestjs/common';
import { STREAMS, userPresenceEvent } from '@rc/contracts';
import { z } from 'zod';
import { EncodedFrame, encodeArgs } from '../protocol/ddp-frames.js';
import type { DdpSession } from '../session/ddp-session.js';
import type { Publication } from '../session/publication.js';
import { PublicationRegistry } from './publication-registry.js';
import { StreamFanout } from './stream-fanout.js';
import { readerOf } from './stream-actor.js';
import { notAllowed } from './stream-params.js';

const UserIds = z.array(z.string().regex(/^[^.*>\s]{1,64}$/)).max(1_000);
const PresenceOptions = z.object({ added: UserIds.optional(), removed: UserIds.optional() }).optional();

/** The users one connection follows the presence of. */
class PresenceWatch {
  private readonly watched = new Map<string, Promise<() => void>>();

  constructor(
    private readonly publication: Publication,
    private readonly fanout: StreamFanout,
  ) {}

  /** Settles once the user's presence is watched. */
  add(userId: string): Promise<unknown> {
    const existing = this.watched.get(userId);
    if (existing) return existing;
    const stop = this.fanout.watch(userPresenceEvent, userId, (delivery) => {
      this.publication.send(delivery.frame('presence', () => presenceFrame(delivery.key, encodeArgs(delivery.payload.args))));
    });
    this.watched.set(userId, stop);
    return stop;
  }

  remove(userId: string): void {
    void this.watched.get(userId)?.then((stop) => stop());
    this.watched.delete(userId);
  }

  stopAll(): void {
    [...this.watched.keys()].forEach((userId) => this.remove(userId));
  }
}

/**
 * Rocket.Chat's presence push: `changed` on `stream-user-presence` with the user id as document id and
 * `fields: {uid, args: [[username, statusCode, statusText]], eventName: uid}`.
 */
function presenceFrame(userId: string, argsJson: string): EncodedFrame {
  const uid = JSON.stringify(userId);
  return new EncodedFrame(
    `{"msg":"changed","collection":"${STREAMS.userPresence}","id":${uid},"fields":{"uid":${uid},"args":${argsJson},"eventName":${uid}}}`,
  );
}

/**
 * `stream-user-presence`, as Rocket.Chat's web client uses it: `sub('stream-user-presence', '', {added,
 * removed})`. The first subscription of a connection carries its presence pushes; each later one only adds
 * and removes users from it, and is ended at once (`nosub`).
 */
@Injectable()
export class UserPresenceStream implements OnModuleInit {
  private readonly watches = new WeakMap<DdpSession, PresenceWatch>();

  constructor(
    private readonly publications: PublicationRegistry,
    private readonly fanout: StreamFanout,
  ) {}

  onModuleInit(): void {
    this.publications.register(STREAMS.userPresence, (publication) => this.start(publication));
  }

  private async start(publication: Publication): Promise<void> {
    if (!readerOf(publication)) throw notAllowed();
    const options = PresenceOptions.safeParse(publication.params[1]);
    if (!options.success) throw notAllowed();
    const { session } = publication;
    const existing = this.watches.get(session);
    const watch = existing ?? new PresenceWatch(publication, this.fanout);
    if (!existing) {
      this.watches.set(session, watch);
      publication.onStop(() => {
        watch.stopAll();
        if (this.watches.get(session) === watch) this.watches.delete(session);
      });
    }
    await Promise.all((options.data?.added ?? []).map((userId) => watch.add(userId)));
    (options.data?.removed ?? []).forEach((userId) => watch.remove(userId));
    if (existing) publication.stop();
    else publication.ready();
  }
}
