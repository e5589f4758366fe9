import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { PermissionsRepository, RolesRepository } from '@rc/models';
import { DEFAULT_PERMISSIONS } from './default-permissions.js';
import { DEFAULT_ROLES } from './default-roles.js';

/**
 * Seeds the default roles and permissions on start. Inserts only what is missing: a permission an
 * administrator changed keeps its roles, and a permission added by a newer version appears.
 */
@Injectable()
export class AuthorizationSeedService implements OnModuleInit {
  private readonly logger = new Logger(AuthorizationSeedService.name);

  constructor(
    private readonly roles: RolesRepository,
    private readonly permissions: PermissionsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const rolesAdded = await Promise.all(DEFAULT_ROLES.map((role) => this.roles.insertIfMissing(role)));
    const permissionsAdded = await Promise.all(
      Object.entries(DEFAULT_PERMISSIONS).map(([_id, roles]) => this.permissions.insertIfMissing({ _id, roles })),
    );
    const count = (added: boolean[]) => added.filter(Boolean).length;
    if (count(rolesAdded) || count(permissionsAdded)) {
      this.logger.log(`seeded ${count(rolesAdded)} roles and ${count(permissionsAdded)} permissions`);
    }
  }
}
