import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { roomChangedEvent, type IRoom } from '@rc/contracts';
import { RoomChanges, RoomsRepository } from '@rc/models';
import { ExpiringCache, InboundEvents } from '@rc/platform';

/** A safety net for an announcement missed (core NATS delivers at most once) or a write from outside the services. */
const TTL_MS = 60_000;
/** Bounded: past this many rooms it starts again empty. */
const MAX_ROOMS = 10_000;
/** Livechat (`l`) and VoIP (`v`) rooms are written per message by omnichannel and never held. */
const HELD_TYPES: ReadonlySet<string> = new Set(['c', 'p', 'd']);

/**
 * The room a message is sent to, held per room: every send read it (`find rocketchat_room`, the one command of a
 * send before the answer's writes), while what a send decides on (type, read-only, muted, archived, team, …)
 * changes only when someone writes the room. Every such write goes through RoomsRepository, which announces it
 * (`rooms.changed`): dropped here at once when this process wrote it, and on every other instance, in order with
 * its requests (InboundEvents), before the write is answered. A read in flight when its room is announced changed
 * is used for the sends waiting on it, not held. What a held room may lag on is what no announcement is made for:
 * a new message's counters (`msgs`, `lm`, `lastMessage`, `_updatedAt`), which no check of a send reads. Channels,
 * private groups and direct messages only; a room not found is not held.
 */
@Injectable()
export class RoomCache implements OnModuleDestroy {
  private readonly cache = new ExpiringCache<IRoom | null>(TTL_MS, MAX_ROOMS);
  private readonly unsubscribe: Array<() => void>;

  constructor(
    private readonly rooms: RoomsRepository,
    changes: RoomChanges,
    events: InboundEvents,
  ) {
    // Subscribed here, not in a lifecycle hook: request handlers may start before those hooks run.
    this.unsubscribe = [events.subscribe(roomChangedEvent, '*', ({ rid }) => this.forget(rid)), changes.listen((rid) => this.forget(rid))];
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
  }

  get(rid: string): Promise<IRoom | null> {
    return this.cache.get(rid, async () => {
      const room = await this.rooms.findById(rid);
      // Not held: dropped as soon as it is answered.
      if (!room || !HELD_TYPES.has(room.t)) queueMicrotask(() => this.cache.delete(rid));
      return room;
    });
  }

  forget(rid: string): void {
    this.cache.delete(rid);
  }
}
