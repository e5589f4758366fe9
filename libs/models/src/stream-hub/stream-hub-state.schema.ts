import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const STREAM_HUB_STATE_MODEL = 'StreamHubState';

/** Where stream-hub stopped reading one collection's change stream: the resume token of the last event published. */
export interface StreamHubState {
  /** The watched collection. */
  _id: string;
  resumeToken: unknown;
  /**
   * `rocketchat_message` only, saved on a graceful stop: the messages published while their member work was
   * pending (id, what was published), so that the update clearing it is not published again after the restart.
   */
  pendingMessages?: Array<[string, string]>;
  _updatedAt: Date;
}

export const StreamHubStateSchema = new Schema<StreamHubState>(
  {
    _id: { type: String, required: true },
    resumeToken: { type: Schema.Types.Mixed, required: true },
    pendingMessages: { type: Schema.Types.Mixed },
  },
  collectionOptions('rocketchat_stream_hub_state'),
);
// Read and written by _id only (one document per watched collection): no other index.
