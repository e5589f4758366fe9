import { Module } from '@nestjs/common';
import { UsersDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { PersonalAccessTokensController } from './personal-access-tokens.controller.js';
import { PersonalAccessTokensService } from './personal-access-tokens.service.js';

@Module({
  imports: [UsersDataModule, CommonModule],
  controllers: [PersonalAccessTokensController],
  providers: [PersonalAccessTokensService],
})
export class PersonalAccessTokensModule {}
