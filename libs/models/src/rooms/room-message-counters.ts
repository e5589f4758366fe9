import type { IMessage, IRoom } from '@rc/contracts';
import type { mongo } from 'mongoose';
import { handOut, InFlightGroups, type Outcome } from '../common/in-flight-groups.js';
import { HIDDEN_ROOM_FIELDS } from './room.schema.js';

/** A new message's mark on its room: one more, and (when it shows in the room) the last one. */
interface RoomMessage {
  message: IMessage;
  setAsLast: boolean;
}

/** What one room's update is made of: the messages of a group sent to it. */
interface RoomTally {
  count: number;
  last?: IMessage;
}

/**
 * The rooms' message counters (`msgs`, `lm`, `lastMessage`, `_updatedAt`) written grouped by arrival (InFlightGroups):
 * a lone message is one `findAndModify`, answered with the room after it; a group is one `update` command (a statement
 * a room, its messages counted together, the last to arrive its `lastMessage`) and one read of the rooms after it — two
 * commands whatever the group's size, Rocket.Chat's own two per message (`incMsgCountAndSetLastMessageById`, then the
 * read its room-changed event makes).
 */
export class RoomMessageCounters {
  private readonly groups = new InFlightGroups<RoomMessage, IRoom | null>((items) => this.send(items));

  constructor(private readonly rooms: mongo.Collection) {}

  /** The room after the message is counted; null when it no longer exists. */
  record(message: IMessage, setAsLast: boolean): Promise<IRoom | null> {
    return this.groups.submit({ message, setAsLast });
  }

  private async send(items: RoomMessage[]): Promise<Array<Outcome<IRoom | null>>> {
    // `_updatedAt` set here as the schema's timestamps would (the driver is written to directly).
    const now = new Date();
    if (items.length === 1) {
      const [{ message, setAsLast }] = items;
      const room = await this.rooms.findOneAndUpdate(
        { _id: message.rid as never },
        update({ count: 1, last: setAsLast ? message : undefined }, now),
        {
          returnDocument: 'after',
          projection: HIDDEN_ROOM_FIELDS,
        },
      );
      return [{ ok: true, value: room as IRoom | null }];
    }
    const tallies = new Map<string, RoomTally>();
    for (const { message, setAsLast } of items) {
      const tally = tallies.get(message.rid) ?? { count: 0 };
      tally.count += 1;
      if (setAsLast) tally.last = message;
      tallies.set(message.rid, tally);
    }
    await this.rooms.bulkWrite(
      [...tallies].map(([rid, tally]) => ({ updateOne: { filter: { _id: rid as never }, update: update(tally, now) } })),
      { ordered: false },
    );
    const found = await this.rooms.find({ _id: { $in: [...tallies.keys()] as never[] } }, { projection: HIDDEN_ROOM_FIELDS }).toArray();
    const byId = new Map(found.map((room) => [String(room._id), room as unknown as IRoom]));
    // A room counted twice in one group: each caller gets a document of its own.
    return handOut(
      items.map(({ message }) => message.rid),
      (rid) => byId.get(rid) ?? null,
    );
  }
}

function update(tally: RoomTally, now: Date): mongo.UpdateFilter<mongo.Document> {
  return {
    $inc: { msgs: tally.count },
    $set: tally.last ? { lm: tally.last.ts, lastMessage: tally.last, _updatedAt: now } : { _updatedAt: now },
  };
}
