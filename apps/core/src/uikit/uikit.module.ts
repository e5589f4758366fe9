import { Global, Module } from '@nestjs/common';
import { UiKitDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { UiKitCoreAppRegistry } from './uikit-core-app.registry.js';
import { UiKitCoreAppService } from './uikit-core-app.service.js';
import { UiKitController } from './uikit.controller.js';

/** Rocket.Chat's UiKitCoreApp service; global so that every feature can register its core app. */
@Global()
@Module({
  imports: [CommonModule, UiKitDataModule],
  controllers: [UiKitController],
  providers: [UiKitCoreAppRegistry, UiKitCoreAppService],
  exports: [UiKitCoreAppRegistry, UiKitCoreAppService],
})
export class UiKitModule {}
