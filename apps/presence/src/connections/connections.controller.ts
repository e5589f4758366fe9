import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  presenceConnectionsChanged,
  presenceInstanceGone,
  presenceInstanceHeartbeat,
  presenceSetConnectionStatus,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { ConnectionsService } from './connections.service.js';

/** Requests from gateway instances about their sockets (callers are gateways, never clients). */
@Controller()
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @RpcHandler(presenceConnectionsChanged)
  async connectionsChanged(@Payload() changes: RpcParsedRequest<typeof presenceConnectionsChanged>) {
    return { known: await this.connections.applyChanges(changes) };
  }

  @RpcHandler(presenceSetConnectionStatus)
  setConnectionStatus(@Payload() { userId, connectionId, status }: RpcParsedRequest<typeof presenceSetConnectionStatus>) {
    return this.connections.setStatus(userId, connectionId, status);
  }

  @RpcHandler(presenceInstanceHeartbeat)
  async heartbeat(@Payload() { instanceId, connections }: RpcParsedRequest<typeof presenceInstanceHeartbeat>) {
    return { known: await this.connections.heartbeat(instanceId, connections) };
  }

  @RpcHandler(presenceInstanceGone)
  async instanceGone(@Payload() { instanceId }: RpcParsedRequest<typeof presenceInstanceGone>) {
    return { removed: await this.connections.removeInstance(instanceId) };
  }
}
