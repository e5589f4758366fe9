import { Module } from '@nestjs/common';
import { RoomsController } from './rooms.controller.js';

/** REST `rooms.*`. */
@Module({ controllers: [RoomsController] })
export class RoomsRestModule {}
