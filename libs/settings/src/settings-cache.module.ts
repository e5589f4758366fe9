import { Global, Module } from '@nestjs/common';
import { SettingsDataModule } from '@rc/models';
import { SettingsCache } from './settings-cache.js';

/** Every setting in memory for the app that imports it (global: any feature injects `SettingsCache`). */
@Global()
@Module({
  imports: [SettingsDataModule],
  providers: [SettingsCache],
  exports: [SettingsCache],
})
export class SettingsCacheModule {}
