import { Global, Module } from '@nestjs/common';
import { SettingsDataModule } from '@rc/models';
import { SettingsCacheModule } from '@rc/settings';
import { CommonModule } from '../common/common.module.js';
import { SettingsController } from './settings.controller.js';
import { SettingsService } from './settings.service.js';

/** Rocket.Chat's Settings service (global, as its cache is): reads and writes over NATS, settings read from memory. */
@Global()
@Module({
  imports: [SettingsDataModule, SettingsCacheModule, CommonModule],
  controllers: [SettingsController],
  providers: [SettingsService],
  exports: [SettingsService],
})
export class SettingsModule {}
