import { Module } from '@nestjs/common';
import { SettingsDataModule } from '@rc/models';
import { SettingsCacheModule } from '@rc/settings';
import { CommonModule } from '../common/common.module.js';
import { SettingsController } from './settings.controller.js';
import { SettingsService } from './settings.service.js';

/** Rocket.Chat's Settings service: reads and writes over NATS; the cache (global) lets every feature read settings from memory. */
@Module({
  imports: [SettingsDataModule, SettingsCacheModule, CommonModule],
  controllers: [SettingsController],
  providers: [SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}
