import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  avatarsForServe,
  avatarsReset,
  avatarsSetFromService,
  avatarsSetUserAvatar,
  avatarsStart,
  avatarsSuggestions,
  avatarsUserOf,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { AvatarsService } from './avatars.service.js';

type Req<C> = RpcParsedRequest<C>;

/** Avatars over NATS (metadata and decisions; multipart bodies go from the gateway to the file storage). */
@Controller()
export class AvatarsController {
  constructor(private readonly avatars: AvatarsService) {}

  @RpcHandler(avatarsStart)
  start(@Payload() { actor }: Req<typeof avatarsStart>) {
    return this.avatars.start(actor);
  }

  @RpcHandler(avatarsSetUserAvatar)
  setUserAvatar(@Payload() { actor, avatar, ...target }: Req<typeof avatarsSetUserAvatar>) {
    return this.avatars.setUserAvatar(actor, target, avatar);
  }

  @RpcHandler(avatarsSetFromService)
  setFromService(@Payload() { actor, ...request }: Req<typeof avatarsSetFromService>) {
    return this.avatars.setFromService(actor, request);
  }

  @RpcHandler(avatarsSuggestions)
  suggestions(@Payload() { actor }: Req<typeof avatarsSuggestions>) {
    return this.avatars.suggestions(actor);
  }

  @RpcHandler(avatarsReset)
  reset(@Payload() { actor, ...target }: Req<typeof avatarsReset>) {
    return this.avatars.reset(actor, target);
  }

  @RpcHandler(avatarsUserOf)
  userOf(@Payload() target: Req<typeof avatarsUserOf>) {
    return this.avatars.userOf(target);
  }

  @RpcHandler(avatarsForServe)
  forServe(@Payload() request: Req<typeof avatarsForServe>) {
    return this.avatars.forServe(request);
  }
}
