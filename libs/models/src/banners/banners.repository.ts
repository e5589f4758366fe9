import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { BannerPlatform, IBanner, IBannerDismiss } from '@rc/contracts';
import type { Model } from 'mongoose';
import { randomId } from '../common/random-id.js';
import { BANNER_DISMISS_MODEL, BANNER_MODEL } from './banner.schema.js';

export type NewBanner = Omit<IBanner, '_updatedAt'>;

/** `rocketchat_banner`, owned by core's Banner service. */
@Injectable()
export class BannersRepository {
  constructor(@InjectModel(BANNER_MODEL) private readonly banners: Model<IBanner>) {}

  findById(id: string): Promise<IBanner | null> {
    return this.banners.findById(id).lean<IBanner>().exec();
  }

  async insert(banner: NewBanner): Promise<IBanner> {
    await this.banners.create(banner);
    return (await this.findById(banner._id))!;
  }

  /** Rocket.Chat's `findActiveByRoleOrId`: shown now on `platform`, to one of `roles` or to everyone. */
  findActiveForRoles(roles: string[], platform: BannerPlatform, now: Date, bannerId?: string): Promise<IBanner[]> {
    return this.banners
      .find({
        ...(bannerId !== undefined && { _id: bannerId }),
        platform,
        startAt: { $lte: now },
        expireAt: { $gte: now },
        active: { $ne: false },
        $or: [{ roles: { $in: roles } }, { roles: { $exists: false } }],
      })
      .lean<IBanner[]>()
      .exec();
  }

  update(id: string, fields: Partial<Omit<IBanner, '_id' | '_updatedAt'>>): Promise<IBanner | null> {
    return this.banners.findOneAndUpdate({ _id: id }, { $set: fields }, { returnDocument: 'after' }).lean<IBanner>().exec();
  }

  /** Only an active banner is disabled (Rocket.Chat's `disable`); null when it was not. */
  disable(id: string, now: Date): Promise<IBanner | null> {
    return this.banners
      .findOneAndUpdate({ _id: id, active: { $ne: false } }, { $set: { active: false, inactivedAt: now } }, { returnDocument: 'after' })
      .lean<IBanner>()
      .exec();
  }

  enable(id: string): Promise<IBanner | null> {
    return this.banners
      .findOneAndUpdate({ _id: id }, { $set: { active: true }, $unset: { inactivedAt: 1 } }, { returnDocument: 'after' })
      .lean<IBanner>()
      .exec();
  }
}

/** `rocketchat_banner_dismiss`: who dismissed which banner. */
@Injectable()
export class BannerDismissalsRepository {
  constructor(@InjectModel(BANNER_DISMISS_MODEL) private readonly dismissals: Model<IBannerDismiss>) {}

  /** The ids among `bannerIds` that the user dismissed. */
  async dismissedBy(userId: string, bannerIds: string[]): Promise<Set<string>> {
    if (bannerIds.length === 0) return new Set();
    const found = await this.dismissals
      .find({ userId, bannerId: { $in: bannerIds } }, { bannerId: 1, _id: 0 })
      .lean<Array<Pick<IBannerDismiss, 'bannerId'>>>()
      .exec();
    return new Set(found.map(({ bannerId }) => bannerId));
  }

  /** One dismissal per user and banner: dismissing again changes nothing. */
  async dismiss(user: { _id: string; username?: string }, bannerId: string, now: Date): Promise<void> {
    await this.dismissals
      .updateOne(
        { userId: user._id, bannerId },
        { $setOnInsert: { _id: randomId(), userId: user._id, bannerId, dismissedBy: user, dismissedAt: now } },
        { upsert: true },
      )
      .exec();
  }

  async moveToBanner(fromBannerId: string, toBannerId: string): Promise<number> {
    const result = await this.dismissals.updateMany({ bannerId: fromBannerId }, { $set: { bannerId: toBannerId } }).exec();
    return result.modifiedCount;
  }
}
