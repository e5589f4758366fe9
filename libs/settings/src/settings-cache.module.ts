import { Global, Module } from '@nestjs/common';
import { SettingsDataModule } from '@rc/models';
import { PageSize } from './page-size.js';
import { SettingsCache } from './settings-cache.js';

/** Every setting in memory for the app that imports it (global: any feature injects `SettingsCache`, and `PageSize` for list routes). */
@Global()
@Module({
  imports: [SettingsDataModule],
  providers: [SettingsCache, PageSize],
  exports: [SettingsCache, PageSize],
})
export class SettingsCacheModule {}
