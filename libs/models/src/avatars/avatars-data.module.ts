import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AVATAR_MODEL, AvatarSchema } from './avatar.schema.js';
import { AvatarsRepository } from './avatars.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: AVATAR_MODEL, schema: AvatarSchema }])],
  providers: [AvatarsRepository],
  exports: [AvatarsRepository],
})
export class AvatarsDataModule {}
