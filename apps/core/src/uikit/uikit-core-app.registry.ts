import { Injectable } from '@nestjs/common';
import type { UiKitCoreApp } from './uikit-core-app.js';

/**
 * The registration point of core apps (Rocket.Chat's `registerCoreApp`): `banner-core` and `nps-core` register
 * when their modules start; core's link to the apps-engine registers each enabled app (and removes it).
 */
@Injectable()
export class UiKitCoreAppRegistry {
  private readonly apps = new Map<string, UiKitCoreApp>();

  register(app: UiKitCoreApp): void {
    if (this.apps.has(app.appId)) throw new Error(`UI Kit core app ${app.appId} is registered twice`);
    this.apps.set(app.appId, app);
  }

  unregister(appId: string): void {
    this.apps.delete(appId);
  }

  find(appId: string): UiKitCoreApp | undefined {
    return this.apps.get(appId);
  }
}
