import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { TEAM_MEMBER_MODEL, TEAM_MODEL, TeamMemberSchema, TeamSchema } from './team.schema.js';
import { TeamMembersRepository, TeamsRepository } from './teams.repository.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: TEAM_MODEL, schema: TeamSchema },
      { name: TEAM_MEMBER_MODEL, schema: TeamMemberSchema },
    ]),
  ],
  providers: [TeamsRepository, TeamMembersRepository],
  exports: [TeamsRepository, TeamMembersRepository],
})
export class TeamsDataModule {}
