import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  DomainError,
  ErrorCode,
  videoConferenceCapabilities,
  videoConferenceProviders,
  videoConferenceStart,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { AccessService } from '../common/access.service.js';

/** Rocket.Chat's refusal when no app provides video conferences (`API.v1.failure('no-videoconf-provider-app')`). */
const noProvider = () => new DomainError(ErrorCode.PlainFailure, 'no-videoconf-provider-app');

/** The video-conference routes of a server without provider apps (see the contract). */
@Controller()
export class VideoConferenceController {
  constructor(private readonly access: AccessService) {}

  @RpcHandler(videoConferenceCapabilities)
  capabilities(): never {
    throw noProvider();
  }

  @RpcHandler(videoConferenceStart)
  async start(@Payload() { actor, roomId }: RpcParsedRequest<typeof videoConferenceStart>): Promise<never> {
    if (!(await this.access.canAccessRoom(actor.userId, roomId))) throw new DomainError(ErrorCode.PlainFailure, 'invalid-params');
    throw noProvider();
  }

  @RpcHandler(videoConferenceProviders)
  providers(): { data: [] } {
    return { data: [] };
  }
}
