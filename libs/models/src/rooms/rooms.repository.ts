import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IRoom } from '@rc/contracts';
import type { Model } from 'mongoose';
import { ROOM_MODEL } from './room.schema.js';

@Injectable()
export class RoomsRepository {
  constructor(@InjectModel(ROOM_MODEL) private readonly rooms: Model<IRoom>) {}

  findById(id: string): Promise<IRoom | null> {
    return this.rooms.findById(id).lean<IRoom>().exec();
  }

  /** A team's main room (authorization: a public team has a public main room; its members are the team's). */
  findTeamMainRoom(teamId: string): Promise<Pick<IRoom, '_id' | 't' | 'teamId'> | null> {
    return this.rooms.findOne({ teamId, teamMain: true }, { _id: 1, t: 1, teamId: 1 }).lean<Pick<IRoom, '_id' | 't' | 'teamId'>>().exec();
  }
}
