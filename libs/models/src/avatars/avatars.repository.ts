import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IAvatar } from '@rc/contracts';
import type { Model } from 'mongoose';
import { AVATAR_MODEL } from './avatar.schema.js';

type AvatarRef = Pick<IAvatar, '_id' | 'store'>;

/** `rocketchat_avatars`: owned by core (the avatars feature). */
@Injectable()
export class AvatarsRepository {
  constructor(@InjectModel(AVATAR_MODEL) private readonly avatars: Model<IAvatar>) {}

  async insert(avatar: IAvatar): Promise<void> {
    await this.avatars.create(avatar);
  }

  /** A user's avatar by username, newest first when several remain for a moment. */
  findOneByName(name: string): Promise<IAvatar | null> {
    return this.avatars.findOne({ name }).sort({ uploadedAt: -1 }).lean<IAvatar>().exec();
  }

  findOneByRoomId(rid: string): Promise<IAvatar | null> {
    return this.avatars.findOne({ rid }).sort({ uploadedAt: -1 }).lean<IAvatar>().exec();
  }

  /** A user's avatars other than `keep` (the one just stored). */
  findByUserId(userId: string, keep?: string): Promise<AvatarRef[]> {
    return this.avatars
      .find({ userId, ...(keep && { _id: { $ne: keep } }) }, { _id: 1, store: 1 })
      .lean<AvatarRef[]>()
      .exec();
  }

  findByRoomId(rid: string, keep?: string): Promise<AvatarRef[]> {
    return this.avatars
      .find({ rid, ...(keep && { _id: { $ne: keep } }) }, { _id: 1, store: 1 })
      .lean<AvatarRef[]>()
      .exec();
  }

  /** A renamed user's avatars follow the new username. */
  async rename(userId: string, name: string): Promise<void> {
    await this.avatars.updateMany({ userId }, { $set: { name } });
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length) await this.avatars.deleteMany({ _id: { $in: ids } });
  }
}
