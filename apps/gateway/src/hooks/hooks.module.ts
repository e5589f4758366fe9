import { Module } from '@nestjs/common';
import { RestModule } from '../rest/rest.module.js';
import { HooksController } from './hooks.controller.js';

/** Incoming webhooks (`/hooks/…`). */
@Module({ imports: [RestModule], controllers: [HooksController] })
export class HooksModule {}
