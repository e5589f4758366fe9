import { Module } from '@nestjs/common';
import { BannersDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { BannerCoreApp } from './banner-core.app.js';
import { BannersController } from './banners.controller.js';
import { BannersService } from './banners.service.js';

/** Rocket.Chat's Banner service and its `banner-core` UI Kit app. */
@Module({
  imports: [CommonModule, BannersDataModule],
  controllers: [BannersController],
  providers: [BannersService, BannerCoreApp],
  exports: [BannersService],
})
export class BannersModule {}
