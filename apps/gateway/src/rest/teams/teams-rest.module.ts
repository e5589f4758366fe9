import { Module } from '@nestjs/common';
import { TeamsController } from './teams.controller.js';

/** REST `teams.*`. */
@Module({ controllers: [TeamsController] })
export class TeamsRestModule {}
