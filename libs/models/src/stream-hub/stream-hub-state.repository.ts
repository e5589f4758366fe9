import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { STREAM_HUB_STATE_MODEL, type StreamHubState } from './stream-hub-state.schema.js';

@Injectable()
export class StreamHubStateRepository {
  constructor(@InjectModel(STREAM_HUB_STATE_MODEL) private readonly states: Model<StreamHubState>) {}

  async findResumeToken(collection: string): Promise<unknown> {
    const state = await this.states.findById(collection).lean<StreamHubState>().exec();
    return state?.resumeToken;
  }

  async findPendingMessages(collection: string): Promise<Array<[string, string]>> {
    const state = await this.states.findById(collection).lean<StreamHubState>().exec();
    return state?.pendingMessages ?? [];
  }

  async savePendingMessages(collection: string, pendingMessages: Array<[string, string]>): Promise<void> {
    await this.states.updateOne({ _id: collection }, { $set: { pendingMessages } }).exec();
  }

  async saveResumeToken(collection: string, resumeToken: unknown): Promise<void> {
    await this.states.updateOne({ _id: collection }, { $set: { resumeToken } }, { upsert: true }).exec();
  }
}
