import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { INSTANCE_MODEL, type InstanceStatus } from './instance.schema.js';

@Injectable()
export class InstancesRepository {
  constructor(@InjectModel(INSTANCE_MODEL) private readonly instances: Model<InstanceStatus>) {}

  /** Every registered instance (instances.get). */
  findAll(): Promise<InstanceStatus[]> {
    return this.instances.find({}, { presenceBatch: 0 }).sort({ _createdAt: 1 }).lean<InstanceStatus[]>().exec();
  }

  /**
   * Records that an instance is alive (`_updatedAt` is set by the write); `conns` when it reports its socket
   * count. Returns false when the instance was not registered (the write created it).
   */
  async touch(instanceId: string, name: string, conns?: number): Promise<boolean> {
    const result = await this.instances
      .updateOne(
        { _id: instanceId },
        {
          $set: { name, ...(conns !== undefined && { 'extraInformation.conns': conns }) },
          $setOnInsert: { _createdAt: new Date() },
        },
        { upsert: true },
      )
      .exec()
      .catch((error: unknown) => {
        // Two writes racing on the upsert: the other one created the document.
        if ((error as { code?: number }).code !== 11000) throw error;
        return { upsertedCount: 0 };
      });
    return result.upsertedCount === 0;
  }

  /**
   * Records that an instance is alive and is about to apply the batch of connection changes `batch`, unless
   * a later batch of the same gateway process was applied already: `stale` then, and the batch must be
   * ignored. `new` when the instance was not registered (the write created it), `known` otherwise.
   */
  async registerBatch(instanceId: string, name: string, batch: { epoch: string; sequence: number }): Promise<'new' | 'known' | 'stale'> {
    const register = () =>
      this.instances
        .updateOne(
          {
            _id: instanceId,
            $or: [{ 'presenceBatch.epoch': { $ne: batch.epoch } }, { 'presenceBatch.sequence': { $lt: batch.sequence } }],
          },
          { $set: { name, presenceBatch: batch }, $setOnInsert: { _createdAt: new Date() } },
          { upsert: true },
        )
        .exec();
    for (let attempt = 1; ; attempt++) {
      try {
        return (await register()).upsertedCount > 0 ? 'new' : 'known';
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
        // The instance exists and did not match: it applied this batch or a later one already; or a heartbeat
        // created it at the same moment, which a second attempt tells apart.
        if (attempt === 2) return 'stale';
      }
    }
  }

  /**
   * Takes one instance not heard from since `before` out of the registry and returns its id. The delete is
   * the claim: when several presence instances sweep at once, each dead instance is cleaned up by one.
   */
  async claimStale(before: Date): Promise<string | null> {
    const doc = await this.instances
      .findOneAndDelete({ _updatedAt: { $lt: before } }, { projection: { _id: 1 } })
      .lean<{ _id: string }>()
      .exec();
    return doc?._id ?? null;
  }

  async remove(instanceId: string): Promise<void> {
    await this.instances.deleteOne({ _id: instanceId }).exec();
  }

  async exists(instanceId: string): Promise<boolean> {
    return (await this.instances.exists({ _id: instanceId })) !== null;
  }
}
