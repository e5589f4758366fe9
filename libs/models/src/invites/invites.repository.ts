import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IInvite } from '@rc/contracts';
import type { Model } from 'mongoose';
import { INVITE_MODEL } from './invite.schema.js';

/** Invite links (`rocketchat_invites`), owned by core. */
@Injectable()
export class InvitesRepository {
  constructor(@InjectModel(INVITE_MODEL) private readonly invites: Model<IInvite>) {}

  /**
   * A usable invite of this user for this room with these settings (Rocket.Chat's
   * `findOneByUserRoomMaxUsesAndExpiration`): not expired, and not used up.
   */
  async findReusable(userId: string, rid: string, maxUses: number, days: number, now: Date): Promise<IInvite | null> {
    const candidates = await this.invites
      .find({ userId, rid, maxUses, days, $or: [{ expires: null }, { expires: { $gt: now } }] })
      .lean<IInvite[]>()
      .exec();
    return candidates.find((invite) => invite.maxUses === 0 || invite.uses < invite.maxUses) ?? null;
  }

  async insert(invite: Omit<IInvite, '_updatedAt'>): Promise<IInvite> {
    return (await this.invites.create(invite)).toObject<IInvite>();
  }

  findById(_id: string): Promise<IInvite | null> {
    return this.invites.findById(_id).lean<IInvite>().exec();
  }

  findByToken(inviteToken: string): Promise<IInvite | null> {
    return this.invites.findOne({ inviteToken }).lean<IInvite>().exec();
  }

  /** Every invite, or only those of the given rooms. */
  list(rids?: string[]): Promise<IInvite[]> {
    return this.invites
      .find(rids ? { rid: { $in: rids } } : {})
      .sort({ createdAt: -1 })
      .lean<IInvite[]>()
      .exec();
  }

  /**
   * Counts one use, only while the invite is still usable: two users racing for the last use cannot both
   * get it. False when it was used up (or removed) meanwhile.
   */
  async takeUse(invite: Pick<IInvite, '_id' | 'maxUses'>): Promise<boolean> {
    const filter = invite.maxUses > 0 ? { _id: invite._id, uses: { $lt: invite.maxUses } } : { _id: invite._id };
    const result = await this.invites.updateOne(filter, { $inc: { uses: 1 } }).exec();
    return result.modifiedCount > 0;
  }

  async removeById(_id: string): Promise<boolean> {
    return (await this.invites.deleteOne({ _id }).exec()).deletedCount > 0;
  }

  /** A deleted room's invites go with it. */
  async removeByRoom(rid: string): Promise<void> {
    await this.invites.deleteMany({ rid }).exec();
  }
}
