import type { IIntegration, IIntegrationHistory } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const INTEGRATION_MODEL = 'Integration';
export const INTEGRATION_HISTORY_MODEL = 'IntegrationHistory';

/** `rocketchat_integrations`: incoming and outgoing webhooks (Rocket.Chat's document, any field kept). */
export const IntegrationSchema = new Schema<IIntegration>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    name: { type: String, required: true },
    enabled: Boolean,
    token: String,
    urls: { type: [String], default: undefined },
    _createdAt: Date,
    _createdBy: Schema.Types.Mixed,
  },
  collectionOptions('rocketchat_integrations'),
);

// integrations.list (Rocket.Chat's index on `type`), newest first.
IntegrationSchema.index({ type: 1, _createdAt: -1 });
// integrations.update / remove of an outgoing webhook by `target_url`.
IntegrationSchema.index({ urls: 1 }, { sparse: true });

/** `rocketchat_integration_history`: one outgoing call each, its steps recorded as it goes. */
export const IntegrationHistorySchema = new Schema<IIntegrationHistory>(
  {
    _id: { type: String, required: true },
    type: String,
    step: String,
    integration: Schema.Types.Mixed,
    event: String,
    _createdAt: Date,
  },
  collectionOptions('rocketchat_integration_history'),
);

// integrations.history (newest first) and clearIntegrationHistory, by integration.
IntegrationHistorySchema.index({ 'integration._id': 1, _updatedAt: -1 });
