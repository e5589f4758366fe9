import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AuthorizationChange, authorizationChangedEvent, type IUser } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { EventBus, ExpiringCache, InjectConfig } from '@rc/platform';
import type { AuthorizationConfig } from '../authorization.env.js';

export type UserRoles = Pick<IUser, '_id' | 'roles' | 'active'>;

/** Past this many users the cache starts again empty rather than grow without bound. */
const MAX_ENTRIES = 50_000;

/**
 * A user's global roles and `active` flag, held for `USER_ROLES_CACHE_SECONDS` (Rocket.Chat's authorization
 * service holds them for a second). An entry is dropped as soon as any instance announces a change of that
 * user's roles or activation, and every entry when roles change; the expiry bounds staleness should an
 * announcement be missed or the document be written from outside the services. The read in flight is what
 * is held, so a burst of checks for one user makes one query.
 */
@Injectable()
export class UserRolesCache implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly cache: ExpiringCache<UserRoles | null>;
  private unsubscribe?: () => void;

  constructor(
    private readonly users: UsersRepository,
    private readonly events: EventBus,
    @InjectConfig() config: AuthorizationConfig,
  ) {
    this.cache = new ExpiringCache(config.USER_ROLES_CACHE_SECONDS * 1000, MAX_ENTRIES);
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.events.subscribe(authorizationChangedEvent, '*', ({ userId }, key) => {
      if (key === AuthorizationChange.user && userId) this.cache.delete(userId);
      else if (key === AuthorizationChange.user || key === AuthorizationChange.roles) this.cache.clear();
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  get(userId: string): Promise<UserRoles | null> {
    return this.cache.get(userId, () => this.users.findRolesById(userId));
  }
}
