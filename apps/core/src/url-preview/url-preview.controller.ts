import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { messagesUrlPreview, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { UrlPreviewService } from './url-preview.service.js';

@Controller()
export class UrlPreviewController {
  constructor(private readonly previews: UrlPreviewService) {}

  @RpcHandler(messagesUrlPreview)
  preview(@Payload() { actor, roomId, url }: RpcParsedRequest<typeof messagesUrlPreview>) {
    return this.previews.preview(actor, roomId, url);
  }
}
