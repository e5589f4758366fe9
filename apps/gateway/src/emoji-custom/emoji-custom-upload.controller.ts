import { HttpCode, Post, Req } from '@nestjs/common';
import { DomainError, emojiCustomSave, emojiCustomStart, ErrorCode } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { receiveAvatarMultipart } from '../avatars/avatar-multipart.js';
import { RestController } from '../rest/common/rest-controller.decorator.js';
import type { RestRequest } from '../rest/common/rest-request.js';
import { FileStorageService } from '../uploads/file-storage.service.js';
import { storeSniffedImage } from './sniffed-image.js';

const noEmoji = () => new DomainError(ErrorCode.InvalidParams, "The 'emoji' param is required");

/**
 * `emoji-custom.create` (multipart: the `emoji` image, `name`, `aliases`) and `emoji-custom.update` (`_id`
 * too; the image optional): hand-written, since the image streams from the socket into the file storage under
 * core's ticket before core records the emoji. A refusal removes the stored image.
 */
@RestController()
export class EmojiCustomUploadController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly storage: FileStorageService,
  ) {}

  @Post('emoji-custom.create')
  @HttpCode(200)
  create(@Req() request: RestRequest) {
    return this.save(request, false);
  }

  @Post('emoji-custom.update')
  @HttpCode(200)
  update(@Req() request: RestRequest) {
    return this.save(request, true);
  }

  private async save(request: RestRequest, update: boolean): Promise<Record<string, never>> {
    const actor = request.actor!;
    if (!request.is('multipart/form-data')) throw noEmoji();
    const ticket = await this.rpc.request(emojiCustomStart, { actor });
    const driver = await this.storage.driverFor(ticket.storage);
    try {
      const { stored, fields } = await receiveAvatarMultipart(
        request,
        ticket.maxFileSize,
        (image) => storeSniffedImage(driver, ticket.key, image),
        {
          field: 'emoji',
          optional: update,
          missing: noEmoji,
        },
      );
      if (update && !fields._id) throw new DomainError(ErrorCode.InvalidParams, 'The required "_id" query param is missing.');
      await this.rpc.request(emojiCustomSave, {
        actor,
        _id: update ? fields._id : undefined,
        name: fields.name ?? '',
        aliases: fields.aliases ?? '',
        file: stored && { key: ticket.key, type: stored.type },
      });
    } catch (error) {
      await driver.delete(ticket.key).catch(() => undefined);
      throw error;
    }
    return {};
  }
}
