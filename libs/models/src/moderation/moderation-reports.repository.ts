import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IModerationReport } from '@rc/contracts';
import type { Model, PipelineStage, SortOrder } from 'mongoose';
import { escapeRegExp } from '../common/escape-regex.js';
import { MODERATION_REPORT_MODEL } from './moderation-report.schema.js';

type Sort = Record<string, SortOrder>;
export interface ReportsPageQuery {
  sort?: Sort;
  skip: number;
  limit: number;
}
/** What the console dismisses: the reports of a message, of a user's messages, or of a user. */
export type ReportsOf = { messageId: string } | { messagesOf: string } | { user: string };

const OPEN = { _hidden: { $ne: true } };

/** Rocket.Chat's console search: case-insensitive substring of the message, the description or its author. */
function messageReportsMatching(selector: string): Record<string, unknown> {
  if (!selector) return { message: { $exists: true } };
  const regex = { $regex: escapeRegExp(selector), $options: 'i' };
  return {
    message: { $exists: true },
    $or: [{ 'message.msg': regex }, { description: regex }, { 'message.u.username': regex }, { 'message.u.name': regex }],
  };
}

/** The same for reports of users: the reported user's username or name. */
function userReportsMatching(selector: string): Record<string, unknown> {
  if (!selector) return { message: { $exists: false } };
  const regex = { $regex: escapeRegExp(selector), $options: 'i' };
  return { message: { $exists: false }, $or: [{ 'reportedUser.username': regex }, { 'reportedUser.name': regex }] };
}

/** `rocketchat_moderation_reports`, owned by core: reports of messages and of users, and their dismissal. */
@Injectable()
export class ModerationReportsRepository {
  constructor(@InjectModel(MODERATION_REPORT_MODEL) private readonly reports: Model<IModerationReport>) {}

  async insert(report: Omit<IModerationReport, '_updatedAt'>): Promise<void> {
    await this.reports.create(report);
  }

  findById(id: string): Promise<IModerationReport | null> {
    return this.reports.findById(id).lean<IModerationReport>().exec();
  }

  findByMessage(messageId: string): Promise<IModerationReport[]> {
    return this.reports.find({ 'message._id': messageId }).sort({ ts: -1 }).lean<IModerationReport[]>().exec();
  }

  /**
   * Open reports in a window (`oldest` < ts < `latest`), of messages or of users, grouped by the reported user:
   * each group's latest report, its number of reports (and, for messages, the rooms), sorted and paged, with
   * the number of groups.
   */
  async findGroupedByReportedUser(
    kind: 'messages' | 'users',
    window: { latest: Date; oldest: Date; selector: string },
    page: ReportsPageQuery,
  ): Promise<{
    groups: Array<{ report: IModerationReport; count: number; rooms?: Array<NonNullable<IModerationReport['room']>> }>;
    total: number;
  }> {
    const field = kind === 'messages' ? 'message.u._id' : 'reportedUser._id';
    const match = {
      ...OPEN,
      ts: { $lt: window.latest, $gt: window.oldest },
      ...(kind === 'messages' ? messageReportsMatching(window.selector) : userReportsMatching(window.selector)),
    };
    const pipeline: PipelineStage[] = [
      { $match: match },
      { $sort: { ts: -1 } },
      {
        $group: {
          _id: `$${field}`,
          reports: { $first: '$$ROOT' },
          count: { $sum: 1 },
          ...(kind === 'messages' && { rooms: { $addToSet: '$room' } }),
        },
      },
      { $sort: { ...(page.sort ?? { 'reports.ts': -1 }), _id: 1 } },
      { $skip: page.skip },
      { $limit: page.limit },
    ];
    const [rows, ids] = await Promise.all([
      this.reports
        .aggregate<{ reports: IModerationReport; count: number; rooms?: Array<NonNullable<IModerationReport['room']>> }>(pipeline)
        .allowDiskUse(true)
        .exec(),
      this.reports.distinct(field, match).exec(),
    ]);
    return {
      groups: rows.map((row) => ({ report: row.reports, count: row.count, ...(row.rooms && { rooms: row.rooms }) })),
      total: ids.length,
    };
  }

  /** Open reports of a user's messages (matching the message's text), newest first by default, with the total. */
  findOfMessagesBy(userId: string, selector: string, page: ReportsPageQuery) {
    const filter = {
      ...OPEN,
      'message.u._id': userId,
      ...(selector && { 'message.msg': { $regex: escapeRegExp(selector), $options: 'i' } }),
    };
    return this.page(filter, { _id: 1, message: 1, ts: 1, room: 1 }, page);
  }

  /** Open reports of a user, newest first by default, with the total. */
  findOfUser(userId: string, selector: string, page: ReportsPageQuery) {
    const filter = { ...OPEN, 'reportedUser._id': userId, ...userReportsMatching(selector) };
    return this.page(filter, { _id: 1, description: 1, ts: 1, reportedBy: 1, reportedUser: 1 }, page);
  }

  /** Open reports of one message, newest first by default, with the total. */
  findOfMessage(messageId: string, selector: string, page: ReportsPageQuery) {
    const filter = { ...OPEN, 'message._id': messageId, ...messageReportsMatching(selector) };
    return this.page(filter, { _id: 1, description: 1, ts: 1, reportedBy: 1, room: 1 }, page);
  }

  /** Whether any open report exists of a message or of a user's messages. */
  async hasOpen(of: { messageId: string } | { messagesOf: string }): Promise<boolean> {
    const filter = 'messageId' in of ? { 'message._id': of.messageId } : { 'message.u._id': of.messagesOf };
    return (await this.reports.exists({ ...filter, ...OPEN }).exec()) !== null;
  }

  /** Hides reports, recording who did it, why and what they did (Rocket.Chat's `moderationInfo`). */
  async hide(of: ReportsOf, moderation: { moderatedBy: string; reason: string; action: string }): Promise<number> {
    const filter =
      'messageId' in of
        ? { 'message._id': of.messageId }
        : 'messagesOf' in of
          ? { 'message.u._id': of.messagesOf }
          : { 'reportedUser._id': of.user };
    const result = await this.reports
      .updateMany(filter, { $set: { _hidden: true, moderationInfo: { hiddenAt: new Date(), ...moderation } } })
      .exec();
    return result.modifiedCount;
  }

  private async page(filter: Record<string, unknown>, projection: Record<string, 1>, page: ReportsPageQuery) {
    const [reports, total] = await Promise.all([
      this.reports
        .find(filter, projection)
        .sort({ ...(page.sort ?? { ts: -1 }), _id: 1 })
        .skip(page.skip)
        .limit(page.limit)
        .lean<IModerationReport[]>()
        .exec(),
      this.reports.countDocuments(filter).exec(),
    ]);
    return { reports, total };
  }
}
