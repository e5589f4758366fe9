import { Module } from '@nestjs/common';
import { LicenseController } from './license.controller.js';

@Module({ controllers: [LicenseController] })
export class LicenseModule {}
