import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AuthorizationChange, authorizationChangedEvent } from '@rc/contracts';
import { ExpiringCache, InboundEvents, InjectConfig } from '@rc/platform';
import type { PermissionsConfig } from './permissions.env.js';
import { UserRolesSource, type UserRoles } from './permission-sources.js';

/** Past this many users the cache starts again empty rather than grow without bound. */
const MAX_ENTRIES = 50_000;

/**
 * A user's global roles and `active` flag, held for `USER_ROLES_CACHE_SECONDS` (Rocket.Chat's authorization
 * service holds them for a second). An entry is dropped, synchronously and in order with this app's requests
 * (InboundEvents), when a change of that user's roles or activation is announced, and every entry when roles
 * change; the expiry bounds staleness should an announcement be missed or the document be written from outside
 * the services. The read in flight is what is held, so a burst of checks for one user makes one read.
 */
@Injectable()
export class UserRolesCache implements OnModuleDestroy {
  private readonly cache: ExpiringCache<UserRoles | null>;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly source: UserRolesSource,
    events: InboundEvents,
    @InjectConfig() config: PermissionsConfig,
  ) {
    this.cache = new ExpiringCache(config.USER_ROLES_CACHE_SECONDS * 1000, MAX_ENTRIES);
    // Subscribed here, not in a lifecycle hook: an app's request handlers may start before those hooks run.
    this.unsubscribe = events.subscribe(authorizationChangedEvent, '*', ({ userId }, key) => {
      if (key === AuthorizationChange.user && userId) this.cache.delete(userId);
      else if (key === AuthorizationChange.user || key === AuthorizationChange.roles) this.cache.clear();
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  get(userId: string): Promise<UserRoles | null> {
    return this.cache.get(userId, () => this.source.findRolesById(userId));
  }
}
