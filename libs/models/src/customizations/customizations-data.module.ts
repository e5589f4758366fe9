import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import {
  CUSTOM_SOUND_MODEL,
  CUSTOM_USER_STATUS_MODEL,
  CustomSoundSchema,
  CustomUserStatusSchema,
  EMOJI_CUSTOM_MODEL,
  EmojiCustomSchema,
} from './customization.schemas.js';
import { EmojiCustomRepository } from './emoji-custom.repository.js';
import { CustomizationsRepository } from './customizations.repository.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: CUSTOM_USER_STATUS_MODEL, schema: CustomUserStatusSchema },
      { name: CUSTOM_SOUND_MODEL, schema: CustomSoundSchema },
      { name: EMOJI_CUSTOM_MODEL, schema: EmojiCustomSchema },
    ]),
  ],
  providers: [CustomizationsRepository, EmojiCustomRepository],
  exports: [CustomizationsRepository, EmojiCustomRepository],
})
export class CustomizationsDataModule {}
