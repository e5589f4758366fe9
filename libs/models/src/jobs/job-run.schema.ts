import { Schema } from 'mongoose';

export const JOB_RUN_MODEL = 'JobRun';

/**
 * One scheduled run of a periodic job, claimed by the instance that runs it (`rocketchat_job_runs`): its `_id`
 * is the job and the scheduled time, so the unique `_id` lets exactly one instance claim each run.
 */
export interface IJobRun {
  _id: string;
  job: string;
  due: Date;
  claimedAt: Date;
  instance: string;
  /** What the run did (its summary), once finished. */
  result?: Record<string, unknown>;
  finishedAt?: Date;
}

export const JobRunSchema = new Schema<IJobRun>(
  {
    _id: { type: String, required: true },
    job: { type: String, required: true },
    due: { type: Date, required: true },
    claimedAt: { type: Date, required: true },
    instance: { type: String, required: true },
    result: Schema.Types.Mixed,
    finishedAt: Date,
  },
  { collection: 'rocketchat_job_runs', versionKey: false, strict: false, minimize: false },
);

// A job's runs, latest first (the history an operator reads).
JobRunSchema.index({ job: 1, due: -1 });
