import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AuthorizationChange, authorizationChangedEvent } from '@rc/contracts';
import { InboundEvents, InjectConfig } from '@rc/platform';
import type { PermissionsConfig } from './permissions.env.js';
import { PermissionRolesSource } from './permission-sources.js';

/**
 * The permission → roles table, held in memory (a few hundred entries) and reloaded whenever a change of
 * permissions or roles is announced. The announcement starts the reload synchronously, on the connection that
 * delivers this app's requests (InboundEvents), and checks wait for the reloads requested so far (`ready()`):
 * so a request made after a change was acknowledged is never answered from the table it replaces.
 */
@Injectable()
export class PermissionTable implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PermissionTable.name);
  private rolesByPermission = new Map<string, ReadonlySet<string>>();
  private loading?: Promise<void>;
  private lastLoadFailed = false;
  private readonly unsubscribe: () => void;
  private refreshTimer?: NodeJS.Timeout;

  constructor(
    private readonly source: PermissionRolesSource,
    events: InboundEvents,
    @InjectConfig() private readonly config: PermissionsConfig,
  ) {
    // Subscribed here, not in a lifecycle hook: an app's request handlers may start before those hooks run.
    this.unsubscribe = events.subscribe(authorizationChangedEvent, '*', (_, key) => {
      if (key === AuthorizationChange.permissions || key === AuthorizationChange.roles) void this.reload().catch(() => undefined);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ready();
    this.refreshTimer = setInterval(() => void this.reload().catch(() => undefined), this.config.PERMISSIONS_REFRESH_SECONDS * 1000);
    this.refreshTimer.unref();
  }

  onModuleDestroy(): void {
    this.unsubscribe();
    clearInterval(this.refreshTimer);
  }

  /** Reloads from the source; reloads run one after another, and checks wait for the last one. */
  reload(): Promise<void> {
    const next = (this.loading ?? Promise.resolve()).then(() => this.load());
    this.loading = next.then(
      () => void (this.lastLoadFailed = false),
      (error: unknown) => {
        this.lastLoadFailed = true;
        this.logger.error(`permission table reload failed: ${String(error)}`);
      },
    );
    return next;
  }

  /**
   * Resolves once every reload requested so far is done. Requests one first if none was, or if the last failed
   * (the source was unreachable at start): a check never settles for a table that could not be read.
   */
  ready(): Promise<void> {
    if (!this.loading || this.lastLoadFailed) void this.reload().catch(() => undefined);
    return this.loading!;
  }

  /** Whether any of `roles` holds `permission`. An unknown permission is held by nobody. */
  grants(permission: string, roles: readonly string[]): boolean {
    const holders = this.rolesByPermission.get(permission);
    return holders !== undefined && roles.some((role) => holders.has(role));
  }

  private async load(): Promise<void> {
    const all = await this.source.findAll();
    this.rolesByPermission = new Map(all.map((p) => [p._id, new Set(p.roles)]));
    this.logger.debug(`loaded ${all.length} permissions`);
  }
}
