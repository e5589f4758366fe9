import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  bannersCreate,
  bannersDiscardDismissal,
  bannersDismiss,
  bannersForUser,
  bannersSetActive,
  bannersUpdate,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { BannersService } from './banners.service.js';

@Controller()
export class BannersController {
  constructor(private readonly banners: BannersService) {}

  @RpcHandler(bannersForUser)
  async forUser(@Payload() { actor, platform, bannerId }: RpcParsedRequest<typeof bannersForUser>) {
    return { banners: await this.banners.forUser(actor.userId, platform, bannerId) };
  }

  @RpcHandler(bannersDismiss)
  async dismiss(@Payload() { actor, bannerId }: RpcParsedRequest<typeof bannersDismiss>) {
    await this.banners.dismiss(actor, bannerId);
    return { ok: true as const };
  }

  @RpcHandler(bannersCreate)
  async create(@Payload() request: RpcParsedRequest<typeof bannersCreate>) {
    return { banner: await this.banners.createAsAdmin(request.actor, request) };
  }

  @RpcHandler(bannersUpdate)
  async update(@Payload() request: RpcParsedRequest<typeof bannersUpdate>) {
    return { banner: await this.banners.update(request.actor, request) };
  }

  @RpcHandler(bannersSetActive)
  async setActive(@Payload() { actor, bannerId, active }: RpcParsedRequest<typeof bannersSetActive>) {
    await this.banners.setActive(actor, bannerId, active);
    return { ok: true as const };
  }

  @RpcHandler(bannersDiscardDismissal)
  async discardDismissal(@Payload() { actor, bannerId }: RpcParsedRequest<typeof bannersDiscardDismissal>) {
    await this.banners.discardDismissal(actor, bannerId);
    return { ok: true as const };
  }
}
