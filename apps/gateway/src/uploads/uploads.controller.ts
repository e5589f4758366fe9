import { HttpCode, Param, Post, Req } from '@nestjs/common';
import { uploadsConfirm, uploadsDiscard, uploadsRegister, uploadsStart, type Actor, type IUpload } from '@rc/contracts';
import type { FileStorageDriver } from '@rc/file-storage';
import { RpcClient } from '@rc/platform';
import { RestController } from '../rest/common/rest-controller.decorator.js';
import type { RestRequest } from '../rest/common/rest-request.js';
import { FileStorageService } from './file-storage.service.js';
import { describeUpload } from './image-processing.js';
import { receiveMultipart } from './multipart-upload.js';

/**
 * Rocket.Chat's upload routes: multipart bodies, so hand-written (a contract binding takes JSON). The body
 * streams from the socket into the file storage here; core decides who may upload, keeps the metadata and
 * posts the message. Whatever fails after a body was stored removes it, and its metadata if any.
 */
@RestController()
export class UploadsController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly storage: FileStorageService,
  ) {}

  /** `rooms.media/:rid`: the file alone, awaiting `rooms.mediaConfirm` → `{ file: { _id, url } }`. */
  @Post('rooms.media/:rid')
  @HttpCode(200)
  async media(@Param('rid') rid: string, @Req() request: RestRequest) {
    const { upload } = await this.receive(request.actor!, rid, request, true);
    return { file: { _id: upload._id, url: upload.url } };
  }

  /** `rooms.upload/:rid`: the older one-step form, the message fields beside the file → `{ message }`. */
  @Post('rooms.upload/:rid')
  @HttpCode(200)
  async upload(@Param('rid') rid: string, @Req() request: RestRequest) {
    const actor = request.actor!;
    // Temporary until its message is posted, so that a refused message can take the upload back.
    const { upload, fields, ids, driver } = await this.receive(actor, rid, request, true);
    try {
      return await this.rpc.request(uploadsConfirm, {
        actor,
        rid,
        fileId: upload._id,
        msg: fields.msg,
        description: fields.description,
        tmid: fields.tmid,
        alias: fields.alias,
        emoji: fields.emoji,
        avatar: fields.avatar,
        groupable: fields.groupable === undefined ? undefined : fields.groupable === 'true',
        customFields: fields.customFields,
      });
    } catch (error) {
      await this.rpc.request(uploadsDiscard, { actor, fileIds: ids });
      await Promise.all(ids.map((id) => driver.delete(id).catch(() => undefined)));
      throw error;
    }
  }

  private async receive(
    actor: Actor,
    rid: string,
    request: RestRequest,
    temporary: boolean,
  ): Promise<{ upload: IUpload; fields: Record<string, string>; ids: string[]; driver: FileStorageDriver }> {
    const ticket = await this.rpc.request(uploadsStart, { actor, rid });
    const driver = await this.storage.driverFor(ticket.storage);
    const { file, fields } = await receiveMultipart(request, ticket, driver);
    const ids = [ticket.fileId, ...(ticket.thumbnail ? [ticket.thumbnail.fileId] : [])];
    try {
      const stored = await describeUpload(driver, ticket, file);
      const [upload] = await this.rpc.request(uploadsRegister, { actor, rid, uploads: stored, temporary });
      return { upload, fields, ids, driver };
    } catch (error) {
      await Promise.all(ids.map((id) => driver.delete(id).catch(() => undefined)));
      throw error;
    }
  }
}
