import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CUSTOM_SOUND_MODEL, CUSTOM_USER_STATUS_MODEL, CustomSoundSchema, CustomUserStatusSchema } from './customization.schemas.js';
import { CustomizationsRepository } from './customizations.repository.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: CUSTOM_USER_STATUS_MODEL, schema: CustomUserStatusSchema },
      { name: CUSTOM_SOUND_MODEL, schema: CustomSoundSchema },
    ]),
  ],
  providers: [CustomizationsRepository],
  exports: [CustomizationsRepository],
})
export class CustomizationsDataModule {}
