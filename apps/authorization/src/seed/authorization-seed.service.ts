import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AuthorizationChange, authorizationChangedEvent } from '@rc/contracts';
import { PermissionsRepository, RolesRepository } from '@rc/models';
import { EventBus } from '@rc/platform';
import { DEFAULT_PERMISSIONS } from './default-permissions.js';
import { DEFAULT_ROLES } from './default-roles.js';

/**
 * Seeds the default roles and permissions on start. Inserts only what is missing: a permission an
 * administrator changed keeps its roles, and a permission added by a newer version appears. What it added
 * is announced like any change: apps that loaded their permission table before the seed reload it.
 */
@Injectable()
export class AuthorizationSeedService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(AuthorizationSeedService.name);
  private seeded = false;

  constructor(
    private readonly roles: RolesRepository,
    private readonly permissions: PermissionsRepository,
    private readonly events: EventBus,
  ) {}

  async onModuleInit(): Promise<void> {
    const rolesAdded = await Promise.all(DEFAULT_ROLES.map((role) => this.roles.insertIfMissing(role)));
    const permissionsAdded = await Promise.all(
      Object.entries(DEFAULT_PERMISSIONS).map(([_id, roles]) => this.permissions.insertIfMissing({ _id, roles })),
    );
    const count = (added: boolean[]) => added.filter(Boolean).length;
    if (count(rolesAdded) || count(permissionsAdded)) {
      this.logger.log(`seeded ${count(rolesAdded)} roles and ${count(permissionsAdded)} permissions`);
      this.seeded = true;
    }
  }

  /** Announced once NATS is connected (after every module's init), before this instance serves HTTP. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.seeded) return;
    await this.events.connected();
    this.events.publish(authorizationChangedEvent, AuthorizationChange.permissions, {});
    await this.events.flush();
  }
}
