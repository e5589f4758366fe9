import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { INVITE_MODEL, InviteSchema } from './invite.schema.js';
import { InvitesRepository } from './invites.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: INVITE_MODEL, schema: InviteSchema }])],
  providers: [InvitesRepository],
  exports: [InvitesRepository],
})
export class InvitesDataModule {}
