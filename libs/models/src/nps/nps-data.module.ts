import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { NPS_MODEL, NPS_VOTE_MODEL, NpsSchema, NpsVoteSchema } from './nps.schema.js';
import { NpsRepository, NpsVotesRepository } from './nps.repository.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: NPS_MODEL, schema: NpsSchema },
      { name: NPS_VOTE_MODEL, schema: NpsVoteSchema },
    ]),
  ],
  providers: [NpsRepository, NpsVotesRepository],
  exports: [NpsRepository, NpsVotesRepository],
})
export class NpsDataModule {}
