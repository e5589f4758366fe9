import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DomainError, ErrorCode, voipCheckCallServer, voipCheckManagementServer, type RpcParsedRequest } from '@rc/contracts';
import { PermissionChecker } from '@rc/permissions';
import { RpcHandler } from '@rc/platform';
import WebSocket from 'ws';
import { PbxConnector } from '../connector/pbx-connector.js';

const CHECK_TIMEOUT_MS = 5_000;

/** The administrator's connection tests before saving the VoIP settings (manage-voip-contact-center-settings). */
@Controller()
export class ServerConnectionController {
  constructor(
    private readonly connector: PbxConnector,
    private readonly permissions: PermissionChecker,
  ) {}

  @RpcHandler(voipCheckManagementServer)
  async management(@Payload() { actor, host, port, username, password }: RpcParsedRequest<typeof voipCheckManagementServer>) {
    await this.permissions.require(actor.userId, 'manage-voip-contact-center-settings');
    try {
      await this.connector.checkConnection({ host, port, username, password });
    } catch (error) {
      throw new DomainError(ErrorCode.VoipConnectionFailed, `Connection failed: ${(error as Error).message}`);
    }
    return { status: 'connected' as const };
  }

  /** A WebSocket handshake with the `sip` subprotocol (RFC 7118), as the agents' softphones open it. */
  @RpcHandler(voipCheckCallServer)
  async callServer(@Payload() { actor, websocketUrl, host, port, path }: RpcParsedRequest<typeof voipCheckCallServer>) {
    await this.permissions.require(actor.userId, 'manage-voip-contact-center-settings');
    if (!websocketUrl && !(host && port && path)) throw new DomainError(ErrorCode.InvalidParams, 'Incorrect / Insufficient Parameters');
    // Rocket.Chat assumes wss (WebRTC needs a secure origin) when only host, port and path are given.
    const url =
      websocketUrl ??
      (Number(port) === 443 ? `wss://${host}/${path!.replace('/', '')}` : `wss://${host}:${port}/${path!.replace('/', '')}`);
    if (!/^wss?:\/\//.test(url)) throw new DomainError(ErrorCode.InvalidParams, 'Incorrect / Insufficient Parameters');
    await new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(url, 'sip', { handshakeTimeout: CHECK_TIMEOUT_MS });
      socket.once('open', () => {
        socket.close();
        resolve();
      });
      socket.once('error', (error) => reject(new DomainError(ErrorCode.VoipConnectionFailed, `Connection failed: ${error.message}`)));
    });
    return { status: 'connected' as const };
  }
}
