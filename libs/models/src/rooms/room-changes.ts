import { Injectable, Logger, Optional } from '@nestjs/common';
import { roomChangedEvent } from '@rc/contracts';
import { EventBus } from '@rc/platform';

type RoomChangeListener = (rid: string) => void;

/**
 * The announcement of rooms written (`rooms.changed`), made by RoomsRepository after its writes: to this process's
 * listeners at once (a request that writes a room and then reads it sees the write), then to every instance over
 * NATS, resolved once NATS has it (so every core instance drops the room before the write is answered). Without a
 * NATS client (scripts, unit worlds) only this process hears it. An announcement that cannot be sent is logged:
 * what the instances hold expires by itself (RoomCache's TTL).
 */
@Injectable()
export class RoomChanges {
  private readonly logger = new Logger(RoomChanges.name);
  private readonly listeners = new Set<RoomChangeListener>();

  constructor(@Optional() private readonly events?: EventBus) {}

  /** Called synchronously for each room written in this process. Returns the unsubscribe function. */
  listen(listener: RoomChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async announce(rids: readonly string[]): Promise<void> {
    if (rids.length === 0) return;
    for (const rid of rids) for (const listener of this.listeners) listener(rid);
    if (!this.events) return;
    try {
      for (const rid of rids) this.events.publish(roomChangedEvent, rid, { rid });
      await this.events.flush();
    } catch (error) {
      this.logger.warn(`rooms.changed for ${rids.length} room(s) not sent: ${String(error)}`);
    }
  }
}
