import { Controller, Get, Header } from '@nestjs/common';
import { randomBytes } from 'node:crypto';

/**
 * SockJS's `GET /sockjs/info`, which a SockJS client (Meteor's web client) asks before connecting: websockets
 * are available (this server offers no other SockJS transport), any origin, no cookie.
 */
@Controller('sockjs')
export class SockjsInfoController {
  @Get('info')
  @Header('Access-Control-Allow-Origin', '*')
  @Header('Cache-Control', 'no-store, no-cache, no-transform, must-revalidate, max-age=0')
  info() {
    return { websocket: true, origins: ['*:*'], cookie_needed: false, entropy: randomBytes(4).readUInt32LE(0) };
  }
}
