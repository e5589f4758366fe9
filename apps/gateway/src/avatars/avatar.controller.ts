import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { avatarSize, initialsAvatar } from './initials-avatar.js';

/**
 * `GET /avatar/:username`: Rocket.Chat's generated avatar (the initial on a colour from the name), `?size=`, with
 * an ETag. Uploaded avatars (`users.setAvatar`) are not built yet, so every user has the generated one.
 */
@Controller('avatar')
export class AvatarController {
  @Get(':username')
  user(@Param('username') username: string, @Query('size') size: unknown, @Req() request: Request, @Res() response: Response): void {
    // Clients ask for `/avatar/<username>` and sometimes `/avatar/<username>.jpg`.
    const name = username.replace(/\.(jpe?g|png|svg)$/i, '');
    const { svg, etag } = initialsAvatar(name, avatarSize(size));
    response.setHeader('ETag', etag);
    response.setHeader('Cache-Control', 'public, max-age=0');
    if (request.headers['if-none-match'] === etag) {
      response.status(304).end();
      return;
    }
    response.setHeader('Content-Type', 'image/svg+xml');
    response.setHeader('Content-Length', Buffer.byteLength(svg));
    response.status(200).end(svg);
  }
}
