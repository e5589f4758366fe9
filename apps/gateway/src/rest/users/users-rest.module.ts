import { Module } from '@nestjs/common';
import { PersonalAccessTokensController } from './personal-access-tokens.controller.js';
import { UsersController } from './users.controller.js';

/** REST `users.*` (accounts service). */
@Module({
  controllers: [UsersController, PersonalAccessTokensController],
})
export class UsersRestModule {}
