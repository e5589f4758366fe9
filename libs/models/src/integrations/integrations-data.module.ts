import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { INTEGRATION_HISTORY_MODEL, INTEGRATION_MODEL, IntegrationHistorySchema, IntegrationSchema } from './integration.schema.js';
import { IntegrationHistoryRepository, IntegrationsRepository } from './integrations.repository.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: INTEGRATION_MODEL, schema: IntegrationSchema },
      { name: INTEGRATION_HISTORY_MODEL, schema: IntegrationHistorySchema },
    ]),
  ],
  providers: [IntegrationsRepository, IntegrationHistoryRepository],
  exports: [IntegrationsRepository, IntegrationHistoryRepository],
})
export class IntegrationsDataModule {}
