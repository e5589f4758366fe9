import { Module } from '@nestjs/common';
import { CustomizationsDataModule } from '@rc/models';
import { CustomizationsController } from './customizations.controller.js';

@Module({ imports: [CustomizationsDataModule], controllers: [CustomizationsController] })
export class CustomizationsModule {}
