import { Module } from '@nestjs/common';

/** The core process: Rocket.Chat's internal services (Room, Messaging, Team, Settings, …) as Nest modules. */
@Module({})
export class CoreAppModule {}
