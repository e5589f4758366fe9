import { Module } from '@nestjs/common';
import { CommonModule } from '../common/common.module.js';
import { LicenseController } from './license.controller.js';

@Module({ imports: [CommonModule], controllers: [LicenseController] })
export class LicenseModule {}
