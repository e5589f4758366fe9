import { Injectable } from '@nestjs/common';
import { randomId } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';

/**
 * Rocket.Chat's `notify.ephemeralMessage`: a message only its addressee sees, in a room, from `rocket.cat`,
 * never stored. Delivered as stream-notify-user `<uid>/message`, which the clients add to the open room.
 */
@Injectable()
export class EphemeralMessages {
  constructor(private readonly realtime: RealtimePublisher) {}

  send(userId: string, rid: string, msg: string, extra: { tmid?: string } = {}): void {
    const now = new Date();
    this.realtime.notifyUser(userId, 'message', [
      {
        groupable: false,
        msg,
        ...(extra.tmid && { tmid: extra.tmid }),
        _id: randomId(),
        rid,
        ts: now,
        u: { _id: 'rocket.cat', username: 'rocket.cat' },
        private: true,
        _updatedAt: now,
      },
    ]);
  }
}
