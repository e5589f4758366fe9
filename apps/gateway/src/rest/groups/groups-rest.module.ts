import { Module } from '@nestjs/common';
import { roomFamilyController } from '../rooms/room-family.controller.js';

/** REST `groups.*`: private groups (Room and Messaging services of core). */
@Module({
  controllers: [roomFamilyController({ prefix: 'groups', t: 'p', one: 'group', many: 'groups' })],
})
export class GroupsRestModule {}
