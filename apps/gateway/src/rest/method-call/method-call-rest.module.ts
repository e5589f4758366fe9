import { Module } from '@nestjs/common';
import { DdpModule } from '../../ddp/ddp.module.js';
import { RestModule } from '../rest.module.js';
import { MethodCallController } from './method-call.controller.js';

/** REST `method.call` / `method.callAnon`, bridging to the DDP method registry. */
@Module({
  imports: [DdpModule, RestModule],
  controllers: [MethodCallController],
})
export class MethodCallRestModule {}
