import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AuthorizationChange, authorizationChangedEvent } from '@rc/contracts';
import { PermissionsRepository } from '@rc/models';
import { EventBus, InjectConfig } from '@rc/platform';
import type { AuthorizationConfig } from '../authorization.env.js';

/**
 * The permission → roles table, held in memory (a few hundred entries) and reloaded whenever any instance
 * announces a change of permissions or roles, so a change takes effect everywhere without a restart.
 * Checks wait for a reload in progress (`ready()`), so an instance never answers from the table it is
 * replacing once it has heard of a change. Users' roles are not held here: they are read per check.
 */
@Injectable()
export class PermissionTable implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PermissionTable.name);
  private rolesByPermission = new Map<string, ReadonlySet<string>>();
  private loading: Promise<void> = Promise.resolve();
  private unsubscribe?: () => void;
  private refreshTimer?: NodeJS.Timeout;

  constructor(
    private readonly permissions: PermissionsRepository,
    private readonly events: EventBus,
    @InjectConfig() private readonly config: AuthorizationConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.unsubscribe = this.events.subscribe(authorizationChangedEvent, '*', (_, key) => {
      if (key === AuthorizationChange.permissions || key === AuthorizationChange.roles) void this.reload();
    });
    await this.reload();
    this.refreshTimer = setInterval(() => void this.reload(), this.config.PERMISSIONS_REFRESH_SECONDS * 1000);
    this.refreshTimer.unref();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    clearInterval(this.refreshTimer);
  }

  /** Reloads from the database; reloads run one after another, and checks wait for the last one. */
  reload(): Promise<void> {
    const next = this.loading.then(() => this.load());
    this.loading = next.catch((error: unknown) => this.logger.error(`permission table reload failed: ${String(error)}`));
    return next;
  }

  /** Resolves once every reload requested so far is done. */
  ready(): Promise<void> {
    return this.loading;
  }

  /** Whether any of `roles` holds `permission`. An unknown permission is held by nobody. */
  grants(permission: string, roles: readonly string[]): boolean {
    const holders = this.rolesByPermission.get(permission);
    return holders !== undefined && roles.some((role) => holders.has(role));
  }

  private async load(): Promise<void> {
    const all = await this.permissions.findAll();
    this.rolesByPermission = new Map(all.map((p) => [p._id, new Set(p.roles)]));
    this.logger.debug(`loaded ${all.length} permissions`);
  }
}
