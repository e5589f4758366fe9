import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IUser } from '@rc/contracts';
import type { Model } from 'mongoose';
import { USER_MODEL } from '../users/user.schema.js';

/** What the VoIP service reads of a user: an omnichannel agent and their extension (Rocket.Chat's `users.extension`). */
export interface VoipAgent {
  _id: string;
  username: string;
  name?: string;
  roles: string[];
  active?: boolean;
  statusLivechat?: string;
  extension?: string;
}

const AGENT_FIELDS = { username: 1, name: 1, roles: 1, active: 1, statusLivechat: 1, extension: 1 } as const;
export const LIVECHAT_AGENT_ROLE = 'livechat-agent';

/**
 * The agents' side of `users` for Omnichannel VoIP. The service writes one field, `extension` (Rocket.Chat's
 * `Users.setExtension` / `unsetExtension`); eligibility is what Rocket.Chat stores on the user and omnichannel
 * reads too: the `livechat-agent` role and `statusLivechat: 'available'`.
 */
@Injectable()
export class VoipAgentsRepository {
  constructor(@InjectModel(USER_MODEL) private readonly users: Model<IUser>) {}

  findById(id: string): Promise<VoipAgent | null> {
    return this.users.findById(id, AGENT_FIELDS).lean<VoipAgent>().exec();
  }

  findByUsername(username: string): Promise<VoipAgent | null> {
    return this.users.findOne({ username }, AGENT_FIELDS).lean<VoipAgent>().exec();
  }

  /** Rocket.Chat's `findOneAgentById`: the user only if they hold the `livechat-agent` role. */
  findAgentById(id: string): Promise<VoipAgent | null> {
    return this.users.findOne({ _id: id, roles: LIVECHAT_AGENT_ROLE }, AGENT_FIELDS).lean<VoipAgent>().exec();
  }

  findAgentByUsername(username: string): Promise<VoipAgent | null> {
    return this.users.findOne({ username, roles: LIVECHAT_AGENT_ROLE }, AGENT_FIELDS).lean<VoipAgent>().exec();
  }

  findByExtension(extension: string): Promise<VoipAgent | null> {
    return this.users.findOne({ extension }, AGENT_FIELDS).lean<VoipAgent>().exec();
  }

  /** Every user holding an extension. */
  findWithExtensions(): Promise<VoipAgent[]> {
    return this.users
      .find({ extension: { $exists: true, $type: 'string' } }, AGENT_FIELDS)
      .lean<VoipAgent[]>()
      .exec();
  }

  /**
   * Sets the user's extension unless another user holds it: the write matches only while no other user has it
   * set at the time of the check (a race between two assignments of one extension is closed by the check after).
   */
  async setExtension(userId: string, extension: string): Promise<'ok' | 'taken'> {
    const holder = await this.findByExtension(extension);
    if (holder && holder._id !== userId) return 'taken';
    await this.users.updateOne({ _id: userId }, { $set: { extension } }).exec();
    const holders = await this.users.find({ extension }, { _id: 1 }).lean<Array<{ _id: string }>>().exec();
    if (holders.length > 1) {
      await this.users.updateOne({ _id: userId, extension }, { $unset: { extension: 1 } }).exec();
      return 'taken';
    }
    return 'ok';
  }

  async unsetExtension(userId: string): Promise<void> {
    await this.users.updateOne({ _id: userId }, { $unset: { extension: 1 } }).exec();
  }
}
