import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  messagesLoadMissed,
  moderationDeleteReportedMessages,
  moderationDismissReports,
  moderationDismissUserReports,
  moderationReportInfo,
  moderationReportsByUsers,
  moderationReportsOfMessage,
  moderationUserReportedMessages,
  moderationUserReports,
  moderationUserReportsByUserId,
  moderationBlockUser,
  moderationReportMessage,
  moderationReportUser,
  moderationUnblockUser,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { ModerationConsoleService } from './moderation-console.service.js';
import { ModerationService } from './moderation.service.js';

type Req<C> = RpcParsedRequest<C>;

@Controller()
export class ModerationController {
  constructor(
    private readonly moderation: ModerationService,
    private readonly console: ModerationConsoleService,
  ) {}

  @RpcHandler(moderationReportMessage)
  reportMessage(@Payload() { actor, messageId, description, checkedBy }: Req<typeof moderationReportMessage>) {
    return this.moderation.reportMessage(actor, messageId, description, checkedBy);
  }

  @RpcHandler(moderationReportUser)
  reportUser(@Payload() { actor, userId, description }: Req<typeof moderationReportUser>) {
    return this.moderation.reportUser(actor, userId, description);
  }

  @RpcHandler(moderationBlockUser)
  blockUser(@Payload() { actor, rid, blocked }: Req<typeof moderationBlockUser>) {
    return this.moderation.blockUser(actor, rid, blocked);
  }

  @RpcHandler(moderationUnblockUser)
  unblockUser(@Payload() { actor, rid, blocked }: Req<typeof moderationUnblockUser>) {
    return this.moderation.unblockUser(actor, rid, blocked);
  }

  @RpcHandler(messagesLoadMissed)
  loadMissed(@Payload() { actor, rid, start }: Req<typeof messagesLoadMissed>) {
    return this.moderation.loadMissed(actor, rid, start);
  }

  // ── the moderation console ──────────────────────────────────────────────────────────────────────────

  @RpcHandler(moderationReportsByUsers)
  reportsByUsers(@Payload() { actor, ...query }: Req<typeof moderationReportsByUsers>) {
    return this.console.reportsByUsers(actor, query);
  }

  @RpcHandler(moderationUserReports)
  userReports(@Payload() { actor, ...query }: Req<typeof moderationUserReports>) {
    return this.console.userReports(actor, query);
  }

  @RpcHandler(moderationUserReportedMessages)
  userReportedMessages(@Payload() { actor, ...query }: Req<typeof moderationUserReportedMessages>) {
    return this.console.userReportedMessages(actor, query);
  }

  @RpcHandler(moderationUserReportsByUserId)
  userReportsByUserId(@Payload() { actor, ...query }: Req<typeof moderationUserReportsByUserId>) {
    return this.console.userReportsByUserId(actor, query);
  }

  @RpcHandler(moderationReportsOfMessage)
  reportsOfMessage(@Payload() { actor, ...query }: Req<typeof moderationReportsOfMessage>) {
    return this.console.reportsOfMessage(actor, query);
  }

  @RpcHandler(moderationReportInfo)
  reportInfo(@Payload() { actor, reportId }: Req<typeof moderationReportInfo>) {
    return this.console.reportInfo(actor, reportId);
  }

  @RpcHandler(moderationDeleteReportedMessages)
  deleteReportedMessages(@Payload() { actor, userId, reason }: Req<typeof moderationDeleteReportedMessages>) {
    return this.console.deleteReportedMessages(actor, userId, reason);
  }

  @RpcHandler(moderationDismissReports)
  dismissReports(@Payload() { actor, ...request }: Req<typeof moderationDismissReports>) {
    return this.console.dismissReports(actor, request);
  }

  @RpcHandler(moderationDismissUserReports)
  dismissUserReports(@Payload() { actor, ...request }: Req<typeof moderationDismissUserReports>) {
    return this.console.dismissUserReports(actor, request);
  }
}
