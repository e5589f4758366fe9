import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { UserStatus } from '@rc/contracts';
import type { AnyBulkWriteOperation, Model } from 'mongoose';
import { USER_SESSION_MODEL, type UserSession } from './user-session.schema.js';

/** Connections that logged in (`added`) and closed or logged out (`removed`) on one gateway instance. */
export interface ConnectionChanges {
  added: ReadonlyArray<{ userId: string; connectionId: string }>;
  removed: ReadonlyArray<{ userId: string; connectionId: string }>;
}

/** Connection ids by user. */
function groupConnectionIds(changes: ConnectionChanges['removed']): Map<string, string[]> {
  const byUser = new Map<string, string[]>();
  for (const { userId, connectionId } of changes) byUser.set(userId, [...(byUser.get(userId) ?? []), connectionId]);
  return byUser;
}

/** `usersSessions`: the open connections of each user. */
@Injectable()
export class UsersSessionsRepository {
  constructor(@InjectModel(USER_SESSION_MODEL) private readonly sessions: Model<UserSession>) {}

  findById(userId: string): Promise<UserSession | null> {
    return this.sessions.findById(userId).lean<UserSession>().exec();
  }

  findByIds(userIds: readonly string[]): Promise<UserSession[]> {
    return this.sessions
      .find({ _id: { $in: userIds } })
      .lean<UserSession[]>()
      .exec();
  }

  /**
   * Applies a gateway instance's connection changes in one bulk write: connections added (each recorded once,
   * whatever the retries) and removed (only this instance's). Additions and removals never name the same
   * connection of a user, so their order does not matter.
   */
  async applyConnectionChanges(instanceId: string, { added, removed }: ConnectionChanges): Promise<void> {
    const now = new Date();
    const additions = added.map(({ userId, connectionId }) => ({
      updateOne: {
        filter: { _id: userId, 'connections.id': { $ne: connectionId } },
        update: { $push: { connections: { id: connectionId, instanceId, status: 'online' as const, _createdAt: now, _updatedAt: now } } },
        upsert: true,
      },
    }));
    const removals = [...groupConnectionIds(removed)].map(([userId, ids]) => ({
      updateOne: { filter: { _id: userId }, update: { $pull: { connections: { id: { $in: ids }, instanceId } } } },
    }));
    const collided = await this.bulkWriteIgnoringDuplicates([...additions, ...removals]);
    // An addition collides when the connection is recorded already (nothing to do), or when another writer
    // created the user's document at the same moment: once that document exists, a second attempt tells.
    if (collided.length) await this.bulkWriteIgnoringDuplicates(collided);
  }

  /** Runs `operations` unordered; returns those refused as duplicate keys (upserts meeting an existing document). */
  private async bulkWriteIgnoringDuplicates<T extends AnyBulkWriteOperation<UserSession>>(operations: T[]): Promise<T[]> {
    if (!operations.length) return [];
    try {
      await this.sessions.bulkWrite(operations, { ordered: false });
      return [];
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ code?: number; index: number }> }).writeErrors;
      if (!writeErrors?.length || writeErrors.some((e) => e.code !== 11000)) throw error;
      return writeErrors.map((e) => operations[e.index]);
    }
  }

  /** Sets one connection's status; true when it changed. */
  async setConnectionStatus(userId: string, connectionId: string, status: UserStatus): Promise<boolean> {
    const result = await this.sessions
      .updateOne(
        { _id: userId, 'connections.id': connectionId },
        { $set: { 'connections.$.status': status, 'connections.$._updatedAt': new Date() } },
      )
      .exec();
    return result.modifiedCount > 0;
  }

  /** Users holding a connection on this instance. */
  async findUserIdsByInstance(instanceId: string): Promise<string[]> {
    const docs = await this.sessions.find({ 'connections.instanceId': instanceId }, { _id: 1 }).lean<Array<{ _id: string }>>().exec();
    return docs.map((d) => d._id);
  }

  /** Removes every connection of an instance. */
  async removeConnectionsOfInstance(instanceId: string): Promise<number> {
    const result = await this.sessions
      .updateMany({ 'connections.instanceId': instanceId }, { $pull: { connections: { instanceId } } })
      .exec();
    return result.modifiedCount;
  }

  /** Instances that hold at least one connection. */
  async distinctInstanceIds(): Promise<string[]> {
    const ids: unknown[] = await this.sessions.distinct('connections.instanceId').exec();
    return ids.filter((id): id is string => typeof id === 'string');
  }
}
