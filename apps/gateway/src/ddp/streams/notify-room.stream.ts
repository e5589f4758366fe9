import { Injectable, type OnModuleInit } from '@nestjs/common';
import { authorizationCanAccessRoom, notifyRoomEvent, STREAMS } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { encodeArgs, streamFrame } from '../protocol/ddp-frames.js';
import type { Publication } from '../session/publication.js';
import { MembershipTracker } from './membership-tracker.js';
import { PublicationRegistry } from './publication-registry.js';
import { eventNamed, StreamFanout } from './stream-fanout.js';
import { isRoomId, readerOf } from './stream-actor.js';
import { endUnknownEvent, KNOWN_STREAM_EVENTS } from './stream-events.js';
import { notAllowed, streamEventName } from './stream-params.js';
import { visitorMayRead, visitorTokenOf } from './visitor-reader.js';

/**
 * `stream-notify-room` `<rid>/<event>` (`user-activity`, `deleteMessage`, `messagesRead`, …), for readers
 * who may access the room; an event is not sent back to the connection that wrote it (typing), and a reader
 * who leaves the room stops receiving it.
 */
@Injectable()
export class NotifyRoomStream implements OnModuleInit {
  constructor(
    private readonly publications: PublicationRegistry,
    private readonly fanout: StreamFanout,
    private readonly membership: MembershipTracker,
    private readonly rpc: RpcClient,
  ) {}

  onModuleInit(): void {
    this.publications.register(STREAMS.notifyRoom, (publication) => this.start(publication));
  }

  private async start(publication: Publication): Promise<void> {
    const eventName = streamEventName(publication.params);
    const [rid, event] = eventName.split('/');
    const reader = readerOf(publication);
    if (!event || !isRoomId(rid)) throw notAllowed();
    if (endUnknownEvent(publication, KNOWN_STREAM_EVENTS.notifyRoom, event)) return;
    // The livechat widget reads its room's typing and deletions by visitor token, without logging in.
    if (!reader && !(await visitorMayRead(this.rpc, visitorTokenOf(publication.params), rid))) throw notAllowed();
    if (reader && !(await this.rpc.request(authorizationCanAccessRoom, { userId: reader.userId, roomId: rid }))) throw notAllowed();

    const sessionId = publication.session.id;
    const stop = await this.fanout.watch(notifyRoomEvent, rid, (delivery) => {
      const payload = eventNamed(delivery, eventName);
      if (!payload || payload.origin === sessionId) return;
      publication.send(delivery.frame('event', () => streamFrame(STREAMS.notifyRoom, payload.eventName, encodeArgs(payload.args))));
    });
    publication.onStop(stop);
    if (reader) publication.onStop(await this.membership.follow(reader, { left: (left) => left === rid && stop() }));
    publication.ready();
  }
}
