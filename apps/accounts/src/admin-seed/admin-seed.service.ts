import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { UsersRepository, isDuplicateKeyError, randomId } from '@rc/models';
import { InjectConfig } from '@rc/platform';
import type { AccountsConfig } from '../accounts.env.js';
import { hashPasswordDigest, passwordDigest } from '../auth/password.js';

/**
 * First start with no administrator: creates one from ADMIN_USERNAME / ADMIN_PASS / ADMIN_EMAIL. Two
 * instances starting together cannot create two: the unique username index refuses the second.
 */
@Injectable()
export class AdminSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminSeedService.name);

  constructor(
    private readonly users: UsersRepository,
    @InjectConfig() private readonly config: AccountsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.users.existsWithRole('admin')) return;
    const now = new Date();
    try {
      await this.users.insert({
        _id: randomId(),
        createdAt: now,
        username: this.config.ADMIN_USERNAME,
        name: this.config.ADMIN_USERNAME,
        emails: [{ address: this.config.ADMIN_EMAIL.toLowerCase(), verified: true }],
        roles: ['admin', 'user'],
        type: 'user',
        active: true,
        status: 'offline',
        statusConnection: 'offline',
        services: {
          password: { bcrypt: await hashPasswordDigest(passwordDigest(this.config.ADMIN_PASS), this.config.BCRYPT_ROUNDS) },
        },
      });
      this.logger.log(`created administrator "${this.config.ADMIN_USERNAME}"`);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}
