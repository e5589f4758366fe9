import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/duplicate-key.js';
import { UIKIT_TRIGGER_MODEL, type IUiKitTrigger } from './uikit-trigger.schema.js';

/** `rocketchat_uikit_trigger`, owned by core's UiKitCoreApp service. */
@Injectable()
export class UiKitTriggersRepository {
  constructor(@InjectModel(UIKIT_TRIGGER_MODEL) private readonly triggers: Model<IUiKitTrigger>) {}

  /** Records a trigger id; false when it was already spent (the unique `_id` decides, whatever the instance). */
  async spend(trigger: Omit<IUiKitTrigger, '_updatedAt'>): Promise<boolean> {
    try {
      await this.triggers.create(trigger);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async release(triggerId: string): Promise<void> {
    await this.triggers.deleteOne({ _id: triggerId }).exec();
  }

  async setOpenedView(triggerId: string, viewId: string): Promise<void> {
    await this.triggers.updateOne({ _id: triggerId }, { $set: { openedViewId: viewId } }).exec();
  }

  /** Whether `viewId` was opened for the user by an answer still within its lifetime. */
  async wasOpenedFor(userId: string, viewId: string, now: Date): Promise<boolean> {
    return (await this.triggers.exists({ userId, openedViewId: viewId, expireAt: { $gt: now } })) !== null;
  }
}
