import { Injectable, type OnModuleInit } from '@nestjs/common';
import { authorizationCanAccessRoom, roomMessagesEvent, STREAMS, type Actor, type IMessage } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { encodeArgs, streamFrame, type EncodedFrame } from '../protocol/ddp-frames.js';
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

    const stop = await this.fanout.watch(roomMessagesEvent, eventName, (delivery) => publication.send(roomFrame(delivery)));
    publication.onStop(stop);
    // A reader who leaves the room stops receiving it (the subscription stays, silent, as Rocket.Chat's).
    publication.onStop(await this.membership.follow(reader, { left: (rid) => rid === eventName && stop() }));
    publication.ready();
  }

  /** The livechat widget: its visitor's room, by visitor token (no login). */
  private async visitorRoom(publication: Publication, rid: string): Promise<void> {
    if (!(await visitorMayRead(this.rpc, visitorTokenOf(publication.params), rid))) throw notAllowed();
    const stop = await this.fanout.watch(roomMessagesEvent, rid, (delivery) => publication.send(roomFrame(delivery)));
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
    publication.send(myMessagesFrame(delivery, room));
  }
}

/**
 * A room's message to its readers: the args are the message's EJSON as it came over NATS (the publisher's
 * `encodeEvent`, what `encodeArgs` of the decoded message gives again), built once for every socket.
 */
export function roomFrame(delivery: Delivery<IMessage>): EncodedFrame {
  return delivery.frame('room', () => streamFrame(STREAMS.roomMessages, delivery.key, `[${delivery.text}]`));
}

/**
 * `__my_messages__`: the message as it came, then what the reader's own membership says of the room. The frame is
 * shared only by readers who see the room alike (type and name), so nothing of one reader's view reaches another.
 */
export function myMessagesFrame(delivery: Delivery<IMessage>, room: RoomRef): EncodedFrame {
  const roomInfo = { roomParticipant: true, roomType: room.t, ...(room.name && { roomName: room.name }) };
  return delivery.frame(`${MY_MESSAGES}:${room.t}:${room.name ?? ''}`, () =>
    streamFrame(STREAMS.roomMessages, MY_MESSAGES, `[${delivery.text},${encodeArgs([roomInfo]).slice(1)}`),
  );
}
