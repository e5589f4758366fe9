import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  notifyUserEvent,
  roomsInfo,
  roomsChangedEvent,
  STREAMS,
  type Actor,
  type ChangeAction,
  type IRoom,
  type StreamEvent,
} from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { encodeArgs, streamFrame, type EncodedFrame } from '../protocol/ddp-frames.js';
import type { Publication } from '../session/publication.js';
import { MembershipTracker, type RoomRef } from './membership-tracker.js';
import { PublicationRegistry } from './publication-registry.js';
import { eventNamed, StreamFanout } from './stream-fanout.js';
import { readerOf } from './stream-actor.js';
import { endUnknownEvent, KNOWN_STREAM_EVENTS } from './stream-events.js';
import { notAllowed, streamEventName } from './stream-params.js';
import { UsersEventFanout } from './users-event-fanout.js';

const ROOMS_CHANGED = 'rooms-changed';

/** The frame of an event published for one user (`stream.notify-user.<uid>`), decoded from NATS and encoded again. */
export const userEventFrame = (payload: StreamEvent): EncodedFrame =>
  streamFrame(STREAMS.notifyUser, payload.eventName, encodeArgs(payload.args));

/**
 * `stream-notify-user` `<uid>/<event>`: a user reads only their own events, published for them alone (keyed by the user)
 * or for several users at once (`UsersEventFanout`). `<uid>/rooms-changed` follows
 * every room the user belongs to (each room's changes travel once, keyed by the room), and sends the room
 * as `inserted` when they join one.
 */
@Injectable()
export class NotifyUserStream implements OnModuleInit {
  constructor(
    private readonly publications: PublicationRegistry,
    private readonly fanout: StreamFanout,
    private readonly membership: MembershipTracker,
    private readonly usersEvents: UsersEventFanout,
    private readonly rpc: RpcClient,
  ) {}

  onModuleInit(): void {
    this.publications.register(STREAMS.notifyUser, (publication) => this.start(publication));
  }

  private async start(publication: Publication): Promise<void> {
    const eventName = streamEventName(publication.params);
    const [userId, event] = eventName.split('/');
    const reader = readerOf(publication);
    if (!reader || reader.userId !== userId || !event) throw notAllowed();
    if (endUnknownEvent(publication, KNOWN_STREAM_EVENTS.notifyUser, event)) return;

    // Each stop registered as it comes, so that one subscription failing leaves the other's to undo.
    await Promise.all(
      [
        this.fanout.watch(notifyUserEvent, userId, (delivery) => {
          const payload = eventNamed(delivery, eventName);
          if (!payload) return;
          publication.send(delivery.frame('event', () => userEventFrame(payload)));
        }),
        // The same event published once for several users (desktop notifications).
        this.usersEvents.watch(userId, event, (frame) => publication.send(frame)),
      ].map((watching) => watching.then((stop) => publication.onStop(stop))),
    );
    if (event === ROOMS_CHANGED) await this.followRooms(publication, reader, eventName);
    publication.ready();
  }

  private async followRooms(publication: Publication, reader: Actor, eventName: string): Promise<void> {
    const send = (argsJson: string) => publication.send(streamFrame(STREAMS.notifyUser, eventName, argsJson));
    const watched = new Map<string, Promise<() => void>>();
    const watch = (rid: string) => {
      const existing = watched.get(rid);
      if (existing) return existing;
      const stop = this.fanout.watch(roomsChangedEvent, rid, (delivery) => {
        const { action, room } = delivery.payload;
        // Every member's frame differs only by its event name: the args are encoded once.
        send(delivery.memo('args', () => encodeArgs([action, room])));
      });
      watched.set(rid, stop);
      return stop;
    };
    const unwatch = (rid: string) => {
      void watched.get(rid)?.then((stop) => stop());
      watched.delete(rid);
    };
    const joined = async (room: RoomRef) => {
      await watch(room.rid);
      const inserted = await this.roomOf(reader, room.rid);
      if (inserted && publication.active) send(encodeArgs(['inserted' satisfies ChangeAction, inserted]));
    };

    publication.onStop(() => [...watched.keys()].forEach(unwatch));
    publication.onStop(await this.membership.follow(reader, { joined: (room) => void joined(room), left: unwatch }));
    await Promise.all([...(await this.membership.rooms(reader)).keys()].map(watch));
  }

  private async roomOf(reader: Actor, roomId: string): Promise<IRoom | undefined> {
    try {
      // Without `fields` the whole room comes back.
      return (await this.rpc.request(roomsInfo, { actor: reader, roomId })).room as IRoom;
    } catch {
      return undefined;
    }
  }
}
