import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  messagesLoadMissed,
  moderationBlockUser,
  moderationReportMessage,
  moderationReportUser,
  moderationUnblockUser,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { ModerationService } from './moderation.service.js';

type Req<C> = RpcParsedRequest<C>;

@Controller()
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @RpcHandler(moderationReportMessage)
  reportMessage(@Payload() { actor, messageId, description }: Req<typeof moderationReportMessage>) {
    return this.moderation.reportMessage(actor, messageId, description);
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
}
