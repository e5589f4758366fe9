import { Module } from '@nestjs/common';
import { CommonModule } from '../common/common.module.js';
import { UrlPreviewController } from './url-preview.controller.js';
import { UrlPreviewService } from './url-preview.service.js';

/** `chat.getURLPreview`: link previews fetched behind the SSRF filter. */
@Module({
  imports: [CommonModule],
  controllers: [UrlPreviewController],
  providers: [UrlPreviewService],
})
export class UrlPreviewModule {}
