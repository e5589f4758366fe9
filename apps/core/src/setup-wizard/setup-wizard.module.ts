import { Module } from '@nestjs/common';
import { SettingsDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { SetupWizardController } from './setup-wizard.controller.js';
import { SetupWizardService } from './setup-wizard.service.js';

/** Rocket.Chat's setup wizard (its settings are seeded with the others, see libs/settings/src/definitions/setup-wizard.ts). */
@Module({
  imports: [SettingsDataModule, CommonModule],
  controllers: [SetupWizardController],
  providers: [SetupWizardService],
})
export class SetupWizardModule {}
