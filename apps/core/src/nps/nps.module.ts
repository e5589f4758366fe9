import { Module } from '@nestjs/common';
import { NpsDataModule } from '@rc/models';
import { BannersModule } from '../banners/banners.module.js';
import { CommonModule } from '../common/common.module.js';
import { NpsCoreApp } from './nps-core.app.js';
import { NpsController } from './nps.controller.js';
import { NpsService } from './nps.service.js';

/** Rocket.Chat's NPS service and its `nps-core` UI Kit app. */
@Module({
  imports: [CommonModule, NpsDataModule, BannersModule],
  controllers: [NpsController],
  providers: [NpsService, NpsCoreApp],
})
export class NpsModule {}
