import { Module } from '@nestjs/common';
import { CustomizationsDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { CustomSoundsService } from './custom-sounds.service.js';
import { EmojiCustomController } from './emoji-custom.controller.js';
import { EmojiCustomService } from './emoji-custom.service.js';

/** Custom emoji and custom sounds: the lists, saves and deletions, and what the gateway serves of them. */
@Module({
  imports: [CommonModule, CustomizationsDataModule],
  controllers: [EmojiCustomController],
  providers: [EmojiCustomService, CustomSoundsService],
})
export class EmojiCustomModule {}
