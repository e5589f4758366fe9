import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { ViewClosedInteraction } from '@rc/contracts';
import type { InteractionAnswer, InteractionContext, UiKitCoreApp } from '../uikit/uikit-core-app.js';
import { UiKitCoreAppRegistry } from '../uikit/uikit-core-app.registry.js';
import { BANNER_CORE_APP_ID, BannersService } from './banners.service.js';

/** Rocket.Chat's `banner-core` app: a banner closed by its user is dismissed for them. */
@Injectable()
export class BannerCoreApp implements UiKitCoreApp, OnModuleInit {
  readonly appId = BANNER_CORE_APP_ID;

  constructor(
    private readonly registry: UiKitCoreAppRegistry,
    private readonly banners: BannersService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async viewClosed({ payload }: ViewClosedInteraction, { user, triggerId }: InteractionContext): Promise<InteractionAnswer> {
    // The client echoes the banner view: its `viewId` is the banner's id (the echoed `id` too, on newer clients).
    const echoed = payload.view as { viewId?: unknown };
    const bannerId = typeof echoed.viewId === 'string' ? echoed.viewId : payload.viewId;
    await this.banners.dismiss({ userId: user._id, username: user.username }, bannerId);
    return { type: 'banner.close', triggerId, appId: this.appId, viewId: bannerId };
  }
}
