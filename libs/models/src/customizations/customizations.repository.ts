import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ICustomSound, ICustomUserStatus } from '@rc/contracts';
import type { Model } from 'mongoose';
import { CUSTOM_SOUND_MODEL, CUSTOM_USER_STATUS_MODEL } from './customization.schemas.js';

/** An administrator's custom statuses and sounds: few documents, read whole by the clients at start-up. */
@Injectable()
export class CustomizationsRepository {
  constructor(
    @InjectModel(CUSTOM_USER_STATUS_MODEL) private readonly statuses: Model<ICustomUserStatus>,
    @InjectModel(CUSTOM_SOUND_MODEL) private readonly sounds: Model<ICustomSound>,
  ) {}

  listUserStatuses(): Promise<ICustomUserStatus[]> {
    return this.statuses.find().lean<ICustomUserStatus[]>().exec();
  }

  listSounds(): Promise<ICustomSound[]> {
    return this.sounds.find().lean<ICustomSound[]>().exec();
  }
}
