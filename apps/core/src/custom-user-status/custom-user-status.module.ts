import { Module } from '@nestjs/common';
import { CustomizationsDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { CustomUserStatusController } from './custom-user-status.controller.js';
import { CustomUserStatusService } from './custom-user-status.service.js';

/** Custom user statuses: the administrator's list, create, update and delete. */
@Module({
  imports: [CommonModule, CustomizationsDataModule],
  controllers: [CustomUserStatusController],
  providers: [CustomUserStatusService],
})
export class CustomUserStatusModule {}
