import { Module } from '@nestjs/common';
import { PresenceDataModule } from '@rc/models';
import { RealtimeModule } from '@rc/realtime';
import { SettingsCacheModule } from '@rc/settings';
import { ConnectionsController } from './connections/connections.controller.js';
import { ConnectionsService } from './connections/connections.service.js';
import { InstanceSweeper } from './connections/instance-sweeper.js';
import { InstancesController } from './instances/instances.controller.js';
import { InstancesService } from './instances/instances.service.js';
import { PresenceMetrics } from './status/presence-metrics.js';
import { PresenceService } from './status/presence.service.js';
import { StatusController } from './status/status.controller.js';

/** Presence: users' connections per gateway instance, their status, and the clean-up of dead instances. */
@Module({
  imports: [PresenceDataModule, RealtimeModule.forRoot('writer'), SettingsCacheModule],
  controllers: [ConnectionsController, StatusController, InstancesController],
  providers: [PresenceService, ConnectionsService, InstanceSweeper, PresenceMetrics, InstancesService],
})
export class PresenceAppModule {}
