import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/duplicate-key.js';
import { JOB_RUN_MODEL, type IJobRun } from './job-run.schema.js';

/** `rocketchat_job_runs`, owned by core: which instance ran each scheduled run of a periodic job. */
@Injectable()
export class JobRunsRepository {
  constructor(@InjectModel(JOB_RUN_MODEL) private readonly runs: Model<IJobRun>) {}

  /** Claims the run of `job` due at `due` for `instance`: true for the one instance whose insert wins. */
  async claim(job: string, due: Date, instance: string): Promise<boolean> {
    try {
      await this.runs.collection.insertOne({ _id: `${job}@${due.toISOString()}`, job, due, claimedAt: new Date(), instance } as never);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async finish(job: string, due: Date, result: Record<string, unknown>): Promise<void> {
    await this.runs.updateOne({ _id: `${job}@${due.toISOString()}` }, { $set: { result, finishedAt: new Date() } }).exec();
  }

  findLatest(job: string, limit: number): Promise<IJobRun[]> {
    return this.runs.find({ job }).sort({ due: -1 }).limit(limit).lean<IJobRun[]>().exec();
  }
}
