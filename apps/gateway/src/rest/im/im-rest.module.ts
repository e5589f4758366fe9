import { Module } from '@nestjs/common';
import { ImController } from './im.controller.js';

/** REST `im.*` / `dm.*`: direct messages. */
@Module({ controllers: [ImController] })
export class ImRestModule {}
