import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { authorizationChangedEvent, authorizationHasPermission } from '@rc/contracts';
import { EventBus, ExpiringCache, RpcClient } from '@rc/platform';

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * Remembers for a short while whether a user holds a permission, for checks made on every call of a busy
 * method (rate-limit exemptions). Emptied whenever roles or permissions change anywhere (the authorization
 * service's broadcast); TTL_MS bounds staleness should that broadcast be missed.
 */
@Injectable()
export class PermissionCache implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly entries = new ExpiringCache<boolean>(TTL_MS, MAX_ENTRIES);
  private unsubscribe?: () => void;

  constructor(
    private readonly rpc: RpcClient,
    private readonly events: EventBus,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.events.subscribe(authorizationChangedEvent, '*', () => this.entries.clear());
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  has(userId: string, permission: string): Promise<boolean> {
    const ask = () => this.rpc.request(authorizationHasPermission, { userId, permissions: [permission] });
    return this.entries.get(`${userId}:${permission}`, ask);
  }
}
