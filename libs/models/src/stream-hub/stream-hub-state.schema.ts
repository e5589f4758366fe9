import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const STREAM_HUB_STATE_MODEL = 'StreamHubState';

/** Where stream-hub stopped reading one collection's change stream: the resume token of the last event published. */
export interface StreamHubState {
  /** The watched collection. */
  _id: string;
  resumeToken: unknown;
  _updatedAt: Date;
}

export const StreamHubStateSchema = new Schema<StreamHubState>(
  {
    _id: { type: String, required: true },
    resumeToken: { type: Schema.Types.Mixed, required: true },
  },
  collectionOptions('rocketchat_stream_hub_state'),
);
// Read and written by _id only (one document per watched collection): no other index.
