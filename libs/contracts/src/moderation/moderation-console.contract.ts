import { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { date, pagination, sort } from '../core/wire-params.js';
import { ActorField, EntityIdField, PaginationFields, SortField } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';

/**
 * Rocket.Chat's moderation console (`apps/meteor/app/api/server/v1/moderation.ts`): the reports stored by
 * `chat.reportMessage` and `users.reportUser`, grouped by the reported user, read (`view-moderation-console`)
 * and acted upon (`manage-moderation-actions`): dismissed (hidden with who, why and what was done) or, for
 * reported messages, deleted.
 */

/** A user as a report names them. */
export interface ReportUserRef {
  _id: string;
  username?: string;
  name?: string;
  createdAt?: Date;
  emails?: Array<{ address: string; verified?: boolean }>;
}

/** Rocket.Chat's `IModerationReport` (`rocketchat_moderation_reports`): of a message, or of a user. */
export interface IModerationReport {
  _id: string;
  message?: IMessage;
  room?: { _id: string; name?: string; fname?: string; t: string; federated?: boolean };
  reportedUser?: ReportUserRef;
  description: string;
  ts: Date;
  reportedBy: ReportUserRef;
  _hidden?: boolean;
  moderationInfo?: { hiddenAt: Date; moderatedBy: string; reason: string; action: string };
  _updatedAt: Date;
}

/** `moderation.reportsByUsers`: one row per author of reported messages, their latest report first. */
export interface MessageReportsByUser {
  message: string;
  msgId: string;
  ts: Date;
  username?: string;
  name?: string;
  userId: string;
  isUserDeleted: boolean;
  count: number;
  rooms: Array<NonNullable<IModerationReport['room']>>;
}

/** `moderation.userReports`: one row per reported user. */
export interface UserReportsByUser {
  reportedUser: ReportUserRef;
  ts: Date;
  count: number;
}

export interface ReportsPage<T> {
  reports: T[];
  count: number;
  offset: number;
  total: number;
}

const Selector = z.string().max(256).default('');

/** The console's time window (`latest`, `oldest`: ISO dates), search text and page. */
const WindowRequest = z.strictObject({
  actor: ActorField,
  latest: z.date().optional(),
  oldest: z.date().optional(),
  selector: Selector,
  sort: SortField.optional(),
  ...PaginationFields,
});

const windowQuery = ({ query, actor }: { query: Record<string, unknown>; actor: z.infer<typeof ActorField> }) => ({
  actor,
  latest: query.latest === undefined ? undefined : date(query.latest),
  oldest: query.oldest === undefined ? undefined : date(query.oldest),
  selector: query.selector,
  sort: sort(query.sort),
  ...pagination(query),
});

/** `moderation.reportsByUsers` (`view-moderation-console`): reported messages grouped by their author. */
export const moderationReportsByUsers = defineRpc({
  subject: 'moderation.reportsByUsers',
  request: WindowRequest,
  response: as<ReportsPage<MessageReportsByUser>>(),
}).get('moderation.reportsByUsers', {
  request: windowQuery,
});

/** `moderation.userReports` (`view-moderation-console`): reports of users grouped by the reported user. */
export const moderationUserReports = defineRpc({
  subject: 'moderation.userReports',
  request: WindowRequest,
  response: as<ReportsPage<UserReportsByUser>>(),
}).get('moderation.userReports', {
  request: windowQuery,
});

const OfUserRequest = z.strictObject({
  actor: ActorField,
  userId: EntityIdField,
  selector: Selector,
  sort: SortField.optional(),
  ...PaginationFields,
});

const ofUser = ({ query, actor }: { query: Record<string, unknown>; actor: z.infer<typeof ActorField> }) => ({
  actor,
  userId: query.userId,
  selector: query.selector,
  sort: sort(query.sort),
  ...pagination(query),
});

/** `moderation.user.reportedMessages?userId` (`view-moderation-console`): a user's reported messages, once each. */
export const moderationUserReportedMessages = defineRpc({
  subject: 'moderation.userReportedMessages',
  request: OfUserRequest,
  response: as<{
    user: Pick<ReportUserRef, '_id' | 'username' | 'name'> | null;
    messages: Array<Pick<IModerationReport, '_id' | 'message' | 'ts' | 'room'>>;
    count: number;
    total: number;
    offset: number;
  }>(),
}).get('moderation.user.reportedMessages', { request: ofUser });

/** `moderation.user.reportsByUserId?userId` (`view-moderation-console`): the reports of a user. */
export const moderationUserReportsByUserId = defineRpc({
  subject: 'moderation.userReportsByUserId',
  request: OfUserRequest,
  response: as<{
    user: (ReportUserRef & { active?: boolean; roles?: string[]; avatarETag?: string }) | null;
    reports: Array<Omit<IModerationReport, 'moderationInfo' | '_updatedAt'>>;
    count: number;
    total: number;
    offset: number;
  }>(),
}).get('moderation.user.reportsByUserId', { request: ofUser });

/** `moderation.user.deleteReportedMessages` (`manage-moderation-actions`): deletes a user's reported messages. */
export const moderationDeleteReportedMessages = defineRpc({
  subject: 'moderation.deleteReportedMessages',
  request: z.strictObject({ actor: ActorField, userId: EntityIdField, reason: z.string().max(10_000).optional() }),
  response: as<true>(),
}).post('moderation.user.deleteReportedMessages', {
  request: ({ body, actor }) => ({ actor, userId: body.userId, reason: body.reason ?? undefined }),
  reply: () => ({}),
});

const Dismissal = { reason: z.string().max(10_000).optional(), action: z.string().max(256).optional() };

/** `moderation.dismissReports` (`manage-moderation-actions`): hides the reports of a user's messages, or of one message. */
export const moderationDismissReports = defineRpc({
  subject: 'moderation.dismissReports',
  request: z
    .strictObject({ actor: ActorField, userId: EntityIdField.optional(), msgId: EntityIdField.optional(), ...Dismissal })
    .refine((request) => (request.userId === undefined) !== (request.msgId === undefined), {
      message: 'either "userId" or "msgId"',
    }),
  response: as<true>(),
}).post('moderation.dismissReports', {
  request: ({ body, actor }) => ({
    actor,
    userId: body.userId ?? undefined,
    msgId: body.msgId ?? undefined,
    reason: body.reason ?? undefined,
    action: body.action ?? undefined,
  }),
  reply: () => ({}),
});

/** `moderation.dismissUserReports` (`manage-moderation-actions`): hides the reports of a user. */
export const moderationDismissUserReports = defineRpc({
  subject: 'moderation.dismissUserReports',
  request: z.strictObject({ actor: ActorField, userId: EntityIdField, ...Dismissal }),
  response: as<true>(),
}).post('moderation.dismissUserReports', {
  request: ({ body, actor }) => {
    if (body.userId === undefined || body.userId === null || body.userId === '') {
      throw new DomainError(ErrorCode.UserIdParamNotProvided, 'error-user-id-param-not-provided');
    }
    return { actor, userId: body.userId, reason: body.reason ?? undefined, action: body.action ?? undefined };
  },
  reply: () => ({}),
});

/** `moderation.reports?msgId` (`view-moderation-console`): the reports of one message. */
export const moderationReportsOfMessage = defineRpc({
  subject: 'moderation.reportsOfMessage',
  request: z.strictObject({ actor: ActorField, msgId: EntityIdField, selector: Selector, sort: SortField.optional(), ...PaginationFields }),
  response: as<ReportsPage<Pick<IModerationReport, '_id' | 'description' | 'reportedBy' | 'ts' | 'room'>>>(),
}).get('moderation.reports', {
  request: ({ query, actor }) => ({ actor, msgId: query.msgId, selector: query.selector, sort: sort(query.sort), ...pagination(query) }),
});

/** `moderation.reportInfo?reportId` (`view-moderation-console`): one report; `error-report-not-found`. */
export const moderationReportInfo = defineRpc({
  subject: 'moderation.reportInfo',
  request: z.strictObject({ actor: ActorField, reportId: EntityIdField }),
  response: as<{ report: IModerationReport }>(),
}).get('moderation.reportInfo', { request: ({ query, actor }) => ({ actor, reportId: query.reportId }) });
