import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { UserStatus } from '@rc/contracts';
import type { Model } from 'mongoose';
import { USER_SESSION_MODEL, type UserSession } from './user-session.schema.js';

/** `usersSessions`: the open connections of each user. */
@Injectable()
export class UsersSessionsRepository {
  constructor(@InjectModel(USER_SESSION_MODEL) private readonly sessions: Model<UserSession>) {}

  findById(userId: string): Promise<UserSession | null> {
    return this.sessions.findById(userId).lean<UserSession>().exec();
  }

  /** Records a connection (idempotent: a connection id is recorded once). */
  async addConnection(userId: string, connection: { id: string; instanceId: string; status: UserStatus }): Promise<void> {
    const now = new Date();
    await this.sessions
      .updateOne(
        { _id: userId, 'connections.id': { $ne: connection.id } },
        { $push: { connections: { ...connection, _createdAt: now, _updatedAt: now } } },
        { upsert: true },
      )
      .exec()
      .catch((error: unknown) => {
        // The upsert collides with the document when the connection is already recorded: nothing to do.
        if ((error as { code?: number }).code !== 11000) throw error;
      });
  }

  /** Removes a connection; true when it was there. */
  async removeConnection(userId: string, connectionId: string): Promise<boolean> {
    const result = await this.sessions
      .updateOne({ _id: userId }, { $pull: { connections: { id: connectionId } } })
      .exec();
    return result.modifiedCount > 0;
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
    const docs = await this.sessions
      .find({ 'connections.instanceId': instanceId }, { _id: 1 })
      .lean<Array<{ _id: string }>>()
      .exec();
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
