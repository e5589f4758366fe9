import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { MODERATION_REPORT_MODEL, type IModerationReport } from './moderation-report.schema.js';

/** `rocketchat_moderation_reports`, owned by core (reports of messages). */
@Injectable()
export class ModerationReportsRepository {
  constructor(@InjectModel(MODERATION_REPORT_MODEL) private readonly reports: Model<IModerationReport>) {}

  async insert(report: Omit<IModerationReport, '_updatedAt'>): Promise<void> {
    await this.reports.create(report);
  }

  findByMessage(messageId: string): Promise<IModerationReport[]> {
    return this.reports.find({ 'message._id': messageId }).sort({ ts: -1 }).lean<IModerationReport[]>().exec();
  }
}
