import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IVoipRoom } from '@rc/contracts';
import type { Model, QueryFilter } from 'mongoose';
import { ROOM_MODEL } from '../rooms/room.schema.js';

export interface VoipRoomFilter {
  agents?: string[];
  open?: boolean;
  queue?: string;
  visitorToken?: string;
  direction?: 'inbound' | 'outbound';
  roomName?: string;
  createdAt?: { start?: Date; end?: Date };
  closedAt?: { start?: Date; end?: Date };
}

const range = (value?: { start?: Date; end?: Date }) =>
  value && (value.start || value.end) ? { ...(value.start && { $gte: value.start }), ...(value.end && { $lte: value.end }) } : undefined;

/**
 * Calls as omnichannel rooms of type `v` in `rocketchat_room` (Rocket.Chat's `VoipRoom` model). The VoIP service
 * owns these documents (only `t: 'v'` ones: every query here is limited to them).
 */
@Injectable()
export class VoipRoomsRepository {
  constructor(@InjectModel(ROOM_MODEL) private readonly rooms: Model<IVoipRoom>) {}

  async insert(room: IVoipRoom): Promise<IVoipRoom> {
    await this.rooms.create(room);
    return (await this.findById(room._id))!;
  }

  findById(id: string): Promise<IVoipRoom | null> {
    return this.rooms.findOne({ _id: id, t: 'v' }).lean<IVoipRoom>().exec();
  }

  findByCallId(callUniqueId: string): Promise<IVoipRoom | null> {
    return this.rooms.findOne({ t: 'v', callUniqueId }).lean<IVoipRoom>().exec();
  }

  findOpenByToken(token: string): Promise<IVoipRoom | null> {
    return this.rooms.findOne({ t: 'v', open: true, 'v.token': token }).lean<IVoipRoom>().exec();
  }

  findOpenLiveCalls(): Promise<IVoipRoom[]> {
    return this.rooms
      .find({ t: 'v', callStatus: { $in: ['queued', 'ringing', 'answered', 'on-hold'] } })
      .lean<IVoipRoom[]>()
      .exec();
  }

  /** Sets fields of the call's room; with `whenStatus`, only while the call is in one of those states. */
  async update(id: string, set: Partial<IVoipRoom>, whenStatus?: IVoipRoom['callStatus'][]): Promise<IVoipRoom | null> {
    const filter: QueryFilter<IVoipRoom> = { _id: id, t: 'v', ...(whenStatus && { callStatus: { $in: whenStatus } }) };
    return this.rooms.findOneAndUpdate(filter, { $set: set }, { returnDocument: 'after' }).lean<IVoipRoom>().exec();
  }

  async list(filter: VoipRoomFilter, page: { offset: number; count: number }): Promise<{ rooms: IVoipRoom[]; total: number }> {
    const query: QueryFilter<IVoipRoom> = {
      t: 'v',
      ...(filter.agents?.length && { 'servedBy._id': { $in: filter.agents } }),
      ...(filter.open !== undefined && { open: filter.open }),
      ...(filter.queue && { queue: filter.queue }),
      ...(filter.visitorToken && { 'v.token': filter.visitorToken }),
      ...(filter.direction && { direction: filter.direction }),
      ...(filter.roomName && { fname: filter.roomName }),
      ...(range(filter.createdAt) && { ts: range(filter.createdAt) }),
      ...(range(filter.closedAt) && { closedAt: range(filter.closedAt) }),
    };
    const [rooms, total] = await Promise.all([
      this.rooms.find(query).sort({ ts: -1 }).skip(page.offset).limit(page.count).lean<IVoipRoom[]>().exec(),
      this.rooms.countDocuments(query).exec(),
    ]);
    return { rooms, total };
  }
}
