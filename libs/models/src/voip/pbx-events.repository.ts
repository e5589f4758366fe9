import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IPbxEvent } from '@rc/contracts';
import type { Model } from 'mongoose';
import { randomId } from '../common/random-id.js';
import { PBX_EVENT_MODEL } from './pbx-event.schema.js';

/** `pbx_events`, owned by the VoIP service. */
@Injectable()
export class PbxEventsRepository {
  constructor(@InjectModel(PBX_EVENT_MODEL) private readonly events: Model<IPbxEvent>) {}

  async record(event: Omit<IPbxEvent, '_id' | 'ts'> & { ts?: Date }): Promise<void> {
    await this.events.create({ _id: randomId(), ts: new Date(), ...event });
  }

  forCall(callUniqueId: string): Promise<IPbxEvent[]> {
    return this.events.find({ callUniqueId }).sort({ ts: 1 }).lean<IPbxEvent[]>().exec();
  }
}
