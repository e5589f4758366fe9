import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UsersDataModule } from '../users/users-data.module.js';
import { INSTANCE_MODEL, InstanceSchema } from './instance.schema.js';
import { InstancesRepository } from './instances.repository.js';
import { USER_SESSION_MODEL, UserSessionSchema } from './user-session.schema.js';
import { UsersSessionsRepository } from './users-sessions.repository.js';

/** What the presence service stores: connections (`usersSessions`), instances, and users' status fields. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: USER_SESSION_MODEL, schema: UserSessionSchema },
      { name: INSTANCE_MODEL, schema: InstanceSchema },
    ]),
    UsersDataModule,
  ],
  providers: [UsersSessionsRepository, InstancesRepository],
  exports: [UsersSessionsRepository, InstancesRepository, UsersDataModule],
})
export class PresenceDataModule {}
