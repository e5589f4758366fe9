import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { authorizationChangedEvent } from '@rc/contracts';
import { PermissionsRepository } from '@rc/models';
import { EventBus } from '@rc/platform';

/**
 * The permission → roles table, held in memory (a few hundred entries) and reloaded whenever any instance
 * announces a change, so a permission change takes effect everywhere without a restart.
 */
@Injectable()
export class PermissionTable implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PermissionTable.name);
  private rolesByPermission = new Map<string, ReadonlySet<string>>();
  private unsubscribe?: () => void;

  constructor(
    private readonly permissions: PermissionsRepository,
    private readonly events: EventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = this.events.subscribe(authorizationChangedEvent, '*', () => this.reload());
    await this.reload();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  async reload(): Promise<void> {
    const all = await this.permissions.findAll();
    this.rolesByPermission = new Map(all.map((p) => [p._id, new Set(p.roles)]));
    this.logger.debug(`loaded ${all.length} permissions`);
  }

  /** Whether any of `roles` holds `permission`. An unknown permission is held by nobody. */
  grants(permission: string, roles: readonly string[]): boolean {
    const holders = this.rolesByPermission.get(permission);
    return holders !== undefined && roles.some((role) => holders.has(role));
  }
}
