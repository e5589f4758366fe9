import { Module } from '@nestjs/common';
import { SearchDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { SearchController } from './search.controller.js';
import { SearchService } from './search.service.js';

/** Finding users and rooms: spotlight, the autocompletes, the directory, the administrator's room list. */
@Module({
  imports: [CommonModule, SearchDataModule],
  controllers: [SearchController],
  providers: [SearchService],
})
export class SearchModule {}
