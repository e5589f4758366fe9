import { Module } from '@nestjs/common';
import { SettingsController } from './settings.controller.js';

/** REST settings endpoints. */
@Module({ controllers: [SettingsController] })
export class SettingsRestModule {}
