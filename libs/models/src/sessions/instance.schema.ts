import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const INSTANCE_MODEL = 'Instance';

/**
 * Rocket.Chat's `instances` (InstanceStatus): the running gateway instances, each refreshed by a heartbeat.
 * An instance whose `_updatedAt` is older than the presence timeout is dead, and its connections go.
 */
export interface InstanceStatus {
  _id: string;
  name: string;
  _createdAt: Date;
  _updatedAt: Date;
  extraInformation: { conns: number };
  /**
   * The last batch of connection changes presence applied for this instance (not in Rocket.Chat): an older
   * one arriving late is ignored. `epoch` is the gateway process that sent it, `sequence` its order there.
   */
  presenceBatch?: { epoch: string; sequence: number };
}

export const InstanceSchema = new Schema<InstanceStatus>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    _createdAt: { type: Date, required: true },
    extraInformation: { conns: Number },
    presenceBatch: { _id: false, type: { epoch: String, sequence: Number } },
  },
  collectionOptions('instances'),
);

// The presence sweep: instances not heard from since a date.
InstanceSchema.index({ _updatedAt: 1 });
