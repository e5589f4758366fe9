import { Injectable, Logger } from '@nestjs/common';
import type { presenceConnectionsChanged, RpcParsedRequest, UserStatus } from '@rc/contracts';
import { InstancesRepository, UsersSessionsRepository } from '@rc/models';
import { PresenceService } from '../status/presence.service.js';

/** Gateway instances are registered under this name in `instances`. */
const GATEWAY = 'gateway';

/**
 * Connections of users to gateway instances (`usersSessions`) and the instances themselves (`instances`):
 * every change recomputes the affected users' status.
 */
@Injectable()
export class ConnectionsService {
  private readonly logger = new Logger(ConnectionsService.name);

  constructor(
    private readonly sessions: UsersSessionsRepository,
    private readonly instances: InstancesRepository,
    private readonly presence: PresenceService,
  ) {}

  /**
   * A gateway instance's batch of connection changes: the instance registered (once per batch, before its
   * connections, so the sweep never takes a live connection for an orphan), the connections written in one
   * bulk write, then each affected user's status recomputed once. A batch older than one already applied is
   * ignored. False when the instance was not registered (its other connections must be reported again).
   */
  async applyChanges({ instanceId, batch, added, removed }: RpcParsedRequest<typeof presenceConnectionsChanged>): Promise<boolean> {
    const registered = await this.instances.registerBatch(instanceId, GATEWAY, batch);
    if (registered === 'stale') {
      this.logger.warn(`ignored batch ${batch.sequence} of instance ${instanceId}: a later one was applied`);
      return true;
    }
    await this.sessions.applyConnectionChanges(instanceId, { added, removed });
    await this.presence.refreshMany([...new Set([...added, ...removed].map((change) => change.userId))]);
    return registered === 'known';
  }

  async setStatus(userId: string, connectionId: string, status: UserStatus): Promise<boolean> {
    const changed = await this.sessions.setConnectionStatus(userId, connectionId, status);
    if (changed) await this.presence.refresh(userId);
    return changed;
  }

  /** A heartbeat; false when the instance was unknown (its connections must be registered again). */
  heartbeat(instanceId: string, connections: number): Promise<boolean> {
    return this.instances.touch(instanceId, GATEWAY, connections);
  }

  /** An instance left (gracefully, or presumed dead): its connections go, its users' status is recomputed. */
  async removeInstance(instanceId: string): Promise<number> {
    await this.instances.remove(instanceId);
    const userIds = await this.sessions.findUserIdsByInstance(instanceId);
    await this.sessions.removeConnectionsOfInstance(instanceId);
    await this.presence
      .refreshMany(userIds)
      .catch((error: unknown) => this.logger.error(`status refresh after instance ${instanceId} left failed: ${String(error)}`));
    if (userIds.length) this.logger.log(`removed the connections of instance ${instanceId} (${userIds.length} users)`);
    return userIds.length;
  }

  /**
   * Removes the connections of instances not heard from since `before`, and of instances that hold
   * connections without being registered at all.
   */
  async sweep(before: Date): Promise<void> {
    for (let dead = await this.instances.claimStale(before); dead; dead = await this.instances.claimStale(before)) {
      this.logger.warn(`gateway instance ${dead} stopped sending heartbeats`);
      await this.removeInstance(dead);
    }
    for (const instanceId of await this.sessions.distinctInstanceIds()) {
      if (!(await this.instances.exists(instanceId))) await this.removeInstance(instanceId);
    }
  }
}
