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
}
