import { Injectable } from '@nestjs/common';
import type { UiKitCoreApp } from './uikit-core-app.js';

/**
 * The registration point of core apps (Rocket.Chat's `registerCoreApp`): `banner-core` and `nps-core` register
 * when their modules start; the apps engine will register its apps here too.
 */
@Injectable()
export class UiKitCoreAppRegistry {
  private readonly apps = new Map<string, UiKitCoreApp>();

  register(app: UiKitCoreApp): void {
    if (this.apps.has(app.appId)) throw new Error(`UI Kit core app ${app.appId} is registered twice`);
    this.apps.set(app.appId, app);
  }

  find(appId: string): UiKitCoreApp | undefined {
    return this.apps.get(appId);
  }
}
