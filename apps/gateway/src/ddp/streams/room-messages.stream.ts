import { Injectable, type OnModuleInit } from '@nestjs/common';
import { authorizationCanAccessRoom, roomMessagesEvent, STREAMS, type Actor, type IMessage } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { encodeArgs, streamFrame } from '../protocol/ddp-frames.js';
import type { Publication } from '../session/publication.js';
import { MembershipTracker, type RoomRef } from './membership-tracker.js';
import { PublicationRegistry } from './publication-registry.js';
import { Delivery, StreamFanout } from './stream-fanout.js';
import { isRoomId, readerOf } from './stream-actor.js';
import { notAllowed, streamEventName } from './stream-params.js';
import { visitorMayRead, visitorTokenOf } from './visitor-reader.js';

const MY_MESSAGES = '__my_messages__';

/**
 * `stream-room-messages`: `<rid>` sends each message inserted or changed in a room the reader may read (and
 * stops when the reader leaves it); `__my_messages__` sends the messages of every room the reader belongs
 * to, with `{roomParticipant, roomType, roomName}` as second argument.
 */
@Injectable()
export class RoomMessagesStream implements OnModuleInit {
  constructor(
    private readonly publications: PublicationRegistry,
    private readonly fanout: StreamFanout,
    private readonly membership: MembershipTracker,
    private readonly rpc: RpcClient,
  ) {}

  onModuleInit(): void {
    this.publications.register(STREAMS.roomMessages, (publication) => this.start(publication));
  }

  private async start(publication: Publication): Promise<void> {
    const eventName = streamEventName(publication.params);
    const reader = readerOf(publication);
    if (eventName === MY_MESSAGES) return this.myMessages(publication, reader);
    if (!reader && isRoomId(eventName)) return this.visitorRoom(publication, eventName);
    if (!reader || !isRoomId(eventName)) throw notAllowed();
    if (!(await this.rpc.request(authorizationCanAccessRoom, { userId: reader.userId, roomId: eventName }))) throw notAllowed();

    const stop = await this.fanout.watch(roomMessagesEvent, eventName, (delivery) =>
      publication.send(delivery.frame('room', () => streamFrame(STREAMS.roomMessages, delivery.key, encodeArgs([delivery.payload])))),
    );
    publication.onStop(stop);
    // A reader who leaves the room stops receiving it (the subscription stays, silent, as Rocket.Chat's).
    publication.onStop(await this.membership.follow(reader, { left: (rid) => rid === eventName && stop() }));
    publication.ready();
  }

  /** The livechat widget: its visitor's room, by visitor token (no login). */
  private async visitorRoom(publication: Publication, rid: string): Promise<void> {
    if (!(await visitorMayRead(this.rpc, visitorTokenOf(publication.params), rid))) throw notAllowed();
    const stop = await this.fanout.watch(roomMessagesEvent, rid, (delivery) =>
      publication.send(delivery.frame('room', () => streamFrame(STREAMS.roomMessages, delivery.key, encodeArgs([delivery.payload])))),
    );
    publication.onStop(stop);
    publication.ready();
  }

  private async myMessages(publication: Publication, reader: Actor | undefined): Promise<void> {
    if (!reader) return publication.ready();
    const watched = new Map<string, Promise<() => void>>();
    const watch = (room: RoomRef) => {
      if (!watched.has(room.rid))
        watched.set(
          room.rid,
          this.fanout.watch(roomMessagesEvent, room.rid, (d) => this.sendMine(publication, room, d)),
        );
    };
    const unwatch = (rid: string) => {
      void watched.get(rid)?.then((stop) => stop());
      watched.delete(rid);
    };
    publication.onStop(() => [...watched.keys()].forEach(unwatch));
    publication.onStop(await this.membership.follow(reader, { joined: watch, left: unwatch }));
    for (const room of (await this.membership.rooms(reader)).values()) watch(room);
    await Promise.all(watched.values());
    publication.ready();
  }

  private sendMine(publication: Publication, room: RoomRef, delivery: Delivery<IMessage>): void {
    publication.send(
      delivery.frame(MY_MESSAGES, () =>
        streamFrame(
          STREAMS.roomMessages,
          MY_MESSAGES,
          encodeArgs([delivery.payload, { roomParticipant: true, roomType: room.t, ...(room.name && { roomName: room.name }) }]),
        ),
      ),
    );
  }
}
