import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const UIKIT_TRIGGER_MODEL = 'UiKitTrigger';

/**
 * A UI Kit interaction received (`rocketchat_uikit_trigger`; Rocket.Chat keeps no such record, its triggers live
 * only in the client): the trigger id is spent once answered, and the views opened for a user are known.
 */
export interface IUiKitTrigger {
  /** The client's trigger id. */
  _id: string;
  userId: string;
  appId: string;
  type: string;
  /** The view the answer opened or updated (`modal.open` / `modal.update`). */
  openedViewId?: string;
  ts: Date;
  /** When this record may go (a TTL index on MongoDB). */
  expireAt: Date;
  _updatedAt: Date;
}

export const UiKitTriggerSchema = new Schema<IUiKitTrigger>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    appId: { type: String, required: true },
    type: { type: String, required: true },
    openedViewId: String,
    ts: { type: Date, required: true },
    expireAt: { type: Date, required: true },
  },
  collectionOptions('rocketchat_uikit_trigger'),
);

// Whether a view was opened for a user by an app.
UiKitTriggerSchema.index({ userId: 1, openedViewId: 1 });
// Spent triggers go once nothing can replay them.
UiKitTriggerSchema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });
