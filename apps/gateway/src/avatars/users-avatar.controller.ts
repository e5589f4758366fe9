import { Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { avatarsSetFromService, avatarsSetUserAvatar, avatarsStart, avatarsUserOf } from '@rc/contracts';
import { storeAvatarBody, storeName } from '@rc/file-storage';
import { RpcClient } from '@rc/platform';
import type { Request, Response } from 'express';
import { Public } from '../rest/common/auth.decorators.js';
import { RestController } from '../rest/common/rest-controller.decorator.js';
import type { RestRequest } from '../rest/common/rest-request.js';
import { FileStorageService } from '../uploads/file-storage.service.js';
import { noImage, receiveAvatarMultipart } from './avatar-multipart.js';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * `users.setAvatar` (a multipart `image`, or a JSON `avatarUrl`) and `users.getAvatar`: hand-written, since one
 * route takes either a streamed body or JSON. The image streams from the socket through sharp into the file
 * storage; core decides whose avatar it becomes (and fetches `avatarUrl` itself).
 */
@RestController()
export class UsersAvatarController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly storage: FileStorageService,
  ) {}

  @Post('users.setAvatar')
  @HttpCode(200)
  async setAvatar(@Req() request: RestRequest) {
    const actor = request.actor!;
    if (!request.is('multipart/form-data')) {
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (body.avatarUrl === undefined || body.avatarUrl === '') throw noImage();
      await this.rpc.request(avatarsSetFromService, {
        actor,
        data: body.avatarUrl as string,
        service: 'url',
        userId: body.userId as string | undefined,
        username: body.username as string | undefined,
      });
      return {};
    }
    const ticket = await this.rpc.request(avatarsStart, { actor });
    const driver = await this.storage.driverFor(ticket.storage);
    try {
      const { stored, fields } = await receiveAvatarMultipart(request, ticket.maxFileSize, (image) =>
        storeAvatarBody(driver, ticket.fileId, image, { maxBytes: ticket.maxFileSize, resize: ticket.resize }),
      );
      await this.rpc.request(avatarsSetUserAvatar, {
        actor,
        userId: fields.userId || undefined,
        username: fields.username || undefined,
        avatar: {
          _id: ticket.fileId,
          size: stored.size,
          type: stored.type,
          store: storeName(driver.kind, 'Avatars'),
          identify: { format: stored.format, size: { width: stored.width, height: stored.height } },
        },
      });
    } catch (error) {
      // A failed write is removed by the driver; a complete body refused afterwards (someone else's avatar
      // without the permission, a malformed rest of the form) is removed here.
      await driver.delete(ticket.fileId).catch(() => undefined);
      throw error;
    }
    return {};
  }

  /** Rocket.Chat answers a 307 to `/avatar/<username>`, the URL also as the body. */
  @Public()
  @Get('users.getAvatar')
  async getAvatar(@Query() query: Record<string, unknown>, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { username } = await this.rpc.request(avatarsUserOf, { userId: text(query.userId), username: text(query.username) });
    const url = `${request.protocol}://${request.get('host')}/avatar/${encodeURIComponent(username)}`;
    response.status(307).setHeader('Location', url);
    response.json(url);
  }
}
