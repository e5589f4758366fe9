import { HttpCode, Param, Post, Req } from '@nestjs/common';
import { DomainError, ErrorCode, livechatSendFileMessage, uploadsRegisterForVisitor, uploadsStartForVisitor } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { Public } from '../rest/common/auth.decorators.js';
import { RestController } from '../rest/common/rest-controller.decorator.js';
import type { RestRequest } from '../rest/common/rest-request.js';
import { FileStorageService } from './file-storage.service.js';
import { describeUpload } from './image-processing.js';
import { receiveMultipart } from './multipart-upload.js';

/**
 * `livechat/upload/:rid`: a widget visitor's file (multipart, the visitor's token in `x-visitor-token`), through
 * the same pipeline as `rooms.upload`: core admits the visitor of the open room and keeps the metadata, the body
 * streams into the file storage here, omnichannel posts the visitor's message. Whatever fails after the body was
 * stored removes it. Answers the message, as Rocket.Chat (`{...message, success}`).
 */
@RestController()
export class LivechatUploadController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly storage: FileStorageService,
  ) {}

  @Post('livechat/upload/:rid')
  @Public()
  @HttpCode(200)
  async upload(@Param('rid') rid: string, @Req() request: RestRequest) {
    const header = request.headers['x-visitor-token'];
    const visitorToken = typeof header === 'string' ? header : undefined;
    if (!visitorToken) throw new DomainError(ErrorCode.NotLoggedIn, 'You must be logged in to do this.');
    const ticket = await this.rpc.request(uploadsStartForVisitor, { rid, visitorToken });
    const driver = await this.storage.driverFor(ticket.storage);
    const { file, fields } = await receiveMultipart(request, ticket, driver);
    const ids = [ticket.fileId, ...(ticket.thumbnail ? [ticket.thumbnail.fileId] : [])];
    try {
      const stored = await describeUpload(driver, ticket, file);
      const parts = await this.rpc.request(uploadsRegisterForVisitor, {
        rid,
        visitorToken,
        uploads: stored,
        description: fields.description,
      });
      const { message } = await this.rpc.request(livechatSendFileMessage, {
        token: visitorToken,
        rid,
        msg: fields.msg,
        files: parts.files,
        attachments: parts.attachments,
      });
      return message;
    } catch (error) {
      await Promise.all(ids.map((id) => driver.delete(id).catch(() => undefined)));
      throw error;
    }
  }
}
