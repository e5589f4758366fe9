import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SETTING_MODEL, SettingSchema } from './setting.schema.js';
import { SettingsRepository } from './settings.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: SETTING_MODEL, schema: SettingSchema }])],
  providers: [SettingsRepository],
  exports: [SettingsRepository],
})
export class SettingsDataModule {}
