import { Injectable } from '@nestjs/common';
import { authorizationGrantedPermissions, DomainError, ErrorCode, type Actor, type InstanceView } from '@rc/contracts';
import { InstancesRepository } from '@rc/models';
import { InjectConfig, RpcClient } from '@rc/platform';
import type { PresenceConfig } from '../presence.env.js';

/** `instances.get`: the gateway instances the heartbeats keep in `instances`, for holders of `view-statistics`. */
@Injectable()
export class InstancesService {
  constructor(
    private readonly instances: InstancesRepository,
    private readonly rpc: RpcClient,
    @InjectConfig() private readonly config: PresenceConfig,
  ) {}

  async list(actor: Actor, now = Date.now()): Promise<{ instances: InstanceView[] }> {
    const granted = await this.rpc.request(authorizationGrantedPermissions, { userId: actor.userId, permissions: ['view-statistics'] });
    if (!granted.includes('view-statistics')) {
      throw new DomainError(ErrorCode.Unauthorized, 'User does not have the permissions required for this action');
    }
    const records = await this.instances.findAll();
    return {
      instances: records.map((record) => ({
        currentStatus: {
          connected: now - record._updatedAt.getTime() < this.config.PRESENCE_INSTANCE_TIMEOUT_MS,
          lastHeartbeatTime: record._updatedAt.getTime(),
          // No instance is this process: presence answers for the gateways.
          local: false,
        },
        instanceRecord: {
          _id: record._id,
          name: record.name,
          _createdAt: record._createdAt,
          _updatedAt: record._updatedAt,
          extraInformation: { conns: record.extraInformation?.conns ?? 0 },
        },
        broadcastAuth: true,
      })),
    };
  }
}
