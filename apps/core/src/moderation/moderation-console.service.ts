import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type IModerationReport,
  type MessageReportsByUser,
  type ReportsPage,
  type UserReportsByUser,
} from '@rc/contracts';
import { MessagesRepository, ModerationReportsRepository, UsersRepository, type ReportsOf } from '@rc/models';
import type { SortOrder } from 'mongoose';
import { AccessService } from '../common/access.service.js';
import { EditMessageService } from '../messaging/edit-message.service.js';
import { PageSize } from '@rc/settings';

type Sort = Record<string, 1 | -1> | undefined;
type Paged = { sort?: Record<string, 1 | -1>; offset: number; count?: number };

/** Fields the console may sort by (anything else is refused, never passed to the database). */
const GROUP_SORT_FIELDS = new Set(['reports.ts', 'count', 'reports.message.u.username', 'reports.reportedUser.username']);
const REPORT_SORT_FIELDS = new Set(['ts', 'description', 'reportedBy.username']);

function checkedSort(sort: Sort, allowed: Set<string>): Record<string, SortOrder> | undefined {
  if (!sort || Object.keys(sort).length === 0) return undefined;
  for (const field of Object.keys(sort)) {
    if (!allowed.has(field)) throw new DomainError(ErrorCode.InvalidSort, `Invalid sort field: ${field}`);
  }
  return sort;
}

const noReason = (reason: string | undefined) => (reason?.trim() ? reason : 'No reason provided');

/**
 * Rocket.Chat's moderation console over `rocketchat_moderation_reports`: who was reported and for what
 * (`view-moderation-console`), and what moderators do about it (`manage-moderation-actions`): dismiss
 * reports (hidden, with `moderationInfo`) or delete a user's reported messages.
 */
@Injectable()
export class ModerationConsoleService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly access: AccessService,
    private readonly reports: ModerationReportsRepository,
    private readonly users: UsersRepository,
    private readonly messages: MessagesRepository,
    private readonly editor: EditMessageService,
  ) {}

  /** `moderation.reportsByUsers`: reported messages grouped by author, the latest report of each. */
  async reportsByUsers(
    actor: Actor,
    query: Paged & { latest?: Date; oldest?: Date; selector: string },
  ): Promise<ReportsPage<MessageReportsByUser>> {
    await this.access.requirePermission(actor.userId, 'view-moderation-console');
    const { groups, total } = await this.reports.findGroupedByReportedUser(
      'messages',
      this.window(query),
      this.page(query, GROUP_SORT_FIELDS),
    );
    const authors = groups.map((g) => g.report.message?.u._id).filter((id): id is string => typeof id === 'string');
    const existing = new Set((await this.users.findRoomUsersByIds(authors)).map((u) => u._id));
    const reports = groups.map(({ report, count, rooms }) => {
      const message = report.message;
      return {
        message: message?.msg ?? '',
        msgId: message?._id ?? '',
        ts: report.ts,
        username: message?.u.username,
        ...(message?.u.name !== undefined && { name: message.u.name }),
        userId: message?.u._id ?? '',
        isUserDeleted: !existing.has(message?.u._id ?? ''),
        count,
        rooms: rooms ?? [],
      };
    });
    return { reports, count: reports.length, offset: query.offset, total: reports.length ? total : 0 };
  }

  /** `moderation.userReports`: reports of users grouped by the reported user. */
  async userReports(
    actor: Actor,
    query: Paged & { latest?: Date; oldest?: Date; selector: string },
  ): Promise<ReportsPage<UserReportsByUser>> {
    await this.access.requirePermission(actor.userId, 'view-moderation-console');
    const { groups, total } = await this.reports.findGroupedByReportedUser(
      'users',
      this.window(query),
      this.page(query, GROUP_SORT_FIELDS),
    );
    const reports = groups.map(({ report, count }) => ({ reportedUser: report.reportedUser ?? { _id: '' }, ts: report.ts, count }));
    return { reports, count: reports.length, offset: query.offset, total: reports.length ? total : 0 };
  }

  /** `moderation.user.reportedMessages`: a user's reported messages, each message once. */
  async userReportedMessages(actor: Actor, query: Paged & { userId: string; selector: string }) {
    await this.access.requirePermission(actor.userId, 'view-moderation-console');
    const found = await this.users.findRoomUserById(query.userId);
    const { reports, total } = await this.reports.findOfMessagesBy(query.userId, query.selector, this.page(query, REPORT_SORT_FIELDS));
    const seen = new Set<string>();
    const messages = reports.filter((r) => r.message && !seen.has(r.message._id) && seen.add(r.message._id));
    const user = found ? { _id: found._id, username: found.username, ...(found.name !== undefined && { name: found.name }) } : null;
    return { user, messages, count: reports.length, total, offset: query.offset };
  }

  /** `moderation.user.reportsByUserId`: the reports of a user, with the addresses the reports recorded. */
  async userReportsByUserId(actor: Actor, query: Paged & { userId: string; selector: string }) {
    await this.access.requirePermission(actor.userId, 'view-moderation-console');
    const [found, { reports, total }] = await Promise.all([
      this.users.findById(query.userId),
      this.reports.findOfUser(query.userId, query.selector, this.page(query, REPORT_SORT_FIELDS)),
    ]);
    const emails = new Map<string, { address: string; verified?: boolean }>();
    for (const report of reports) {
      const email = report.reportedUser?.emails?.[0];
      if (email) emails.set(email.address, email);
    }
    const user = found
      ? {
          _id: found._id,
          username: found.username,
          ...(found.name !== undefined && { name: found.name }),
          ...(found.avatarETag !== undefined && { avatarETag: found.avatarETag }),
          active: found.active,
          roles: found.roles,
          createdAt: found.createdAt,
          emails: [...emails.values()],
        }
      : null;
    return { user, reports, count: reports.length, total, offset: query.offset };
  }

  /** `moderation.reports`: the reports of one message. */
  async reportsOfMessage(actor: Actor, query: Paged & { msgId: string; selector: string }) {
    await this.access.requirePermission(actor.userId, 'view-moderation-console');
    const { reports, total } = await this.reports.findOfMessage(query.msgId, query.selector, this.page(query, REPORT_SORT_FIELDS));
    return { reports, count: reports.length, offset: query.offset, total };
  }

  /** `moderation.reportInfo`. */
  async reportInfo(actor: Actor, reportId: string): Promise<{ report: IModerationReport }> {
    await this.access.requirePermission(actor.userId, 'view-moderation-console');
    const report = await this.reports.findById(reportId);
    if (!report) throw new DomainError(ErrorCode.ReportNotFound, 'error-report-not-found');
    return { report };
  }

  /**
   * `moderation.user.deleteReportedMessages`: the user's reported messages still there are removed (as
   * `chat.delete` removes one, by the moderator, without the deletion permissions: the console's own
   * permission stands for them), then every report of the user's messages is dismissed ("DELETE Messages").
   */
  async deleteReportedMessages(actor: Actor, userId: string, reason: string | undefined): Promise<true> {
    await this.access.requirePermission(actor.userId, 'manage-moderation-actions');
    const moderator = await this.users.findRoomUserById(actor.userId);
    if (!moderator?.username) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    const { reports, total } = await this.reports.findOfMessagesBy(userId, '', { skip: 0, limit: 50 });
    if (total === 0) throw new DomainError(ErrorCode.NoReportsFound, 'No reported messages found for this user.');
    const ids = [...new Set(reports.map((r) => r.message?._id).filter((id): id is string => typeof id === 'string'))];
    for (const id of ids) {
      const message = await this.messages.findById(id);
      if (message && message.t !== 'rm') await this.editor.remove(message, { _id: moderator._id, username: moderator.username });
    }
    await this.reports.hide({ messagesOf: userId }, { moderatedBy: actor.userId, reason: noReason(reason), action: 'DELETE Messages' });
    return true;
  }

  /** `moderation.dismissReports`: the reports of a user's messages, or of one message; `no-reports-found`. */
  async dismissReports(actor: Actor, request: { userId?: string; msgId?: string; reason?: string; action?: string }): Promise<true> {
    await this.access.requirePermission(actor.userId, 'manage-moderation-actions');
    const of: ReportsOf & ({ messageId: string } | { messagesOf: string }) = request.userId
      ? { messagesOf: request.userId }
      : { messageId: request.msgId ?? '' };
    if (!(await this.reports.hasOpen(of))) throw new DomainError(ErrorCode.NoReportsFound, 'no-reports-found');
    await this.reports.hide(of, { moderatedBy: actor.userId, reason: noReason(request.reason), action: request.action ?? 'None' });
    return true;
  }

  /** `moderation.dismissUserReports`: the reports of a user. */
  async dismissUserReports(actor: Actor, request: { userId: string; reason?: string; action?: string }): Promise<true> {
    await this.access.requirePermission(actor.userId, 'manage-moderation-actions');
    await this.reports.hide(
      { user: request.userId },
      { moderatedBy: actor.userId, reason: request.reason ?? 'No reason provided', action: request.action ?? 'None' },
    );
    return true;
  }

  private window(query: { latest?: Date; oldest?: Date; selector: string }) {
    return { latest: query.latest ?? new Date(), oldest: query.oldest ?? new Date(0), selector: query.selector };
  }

  private page(query: Paged, sortable: Set<string>) {
    return { sort: checkedSort(query.sort, sortable), skip: query.offset, limit: this.pageSize.count(query.count) };
  }
}
