import { Global, Module } from '@nestjs/common';
import { SettingsDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { SettingsCache } from './settings-cache.service.js';
import { SettingsController } from './settings.controller.js';
import { SettingsService } from './settings.service.js';

/** Rocket.Chat's Settings service; the cache is global so every feature reads settings from memory. */
@Global()
@Module({
  imports: [SettingsDataModule, CommonModule],
  controllers: [SettingsController],
  providers: [SettingsCache, SettingsService],
  exports: [SettingsCache, SettingsService],
})
export class SettingsModule {}
