import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { UsersRepository, isDuplicateKeyError } from '@rc/models';
import { newUserDocument } from '../users/new-user-document.js';
import { InjectConfig } from '@rc/platform';
import type { AccountsConfig } from '../accounts.env.js';
import { hashPasswordDigest, passwordDigest } from '../auth/password.js';
import { generateAdminPassword } from './generated-password.js';
import { SetupWizardNotifier } from './setup-wizard-notifier.js';

const ROCKET_CAT = 'rocket.cat';

/** Marks the log line that carries a generated password (the launcher prints it on the console). */
export const FIRST_RUN_ADMIN_FIELD = 'firstRunAdmin';

/**
 * First start with no administrator: creates one from ADMIN_USERNAME / ADMIN_PASS / ADMIN_EMAIL. With ADMIN_PASS
 * unset, the password is generated and logged once, by the instance whose insert created the administrator: no
 * default credential ever exists, and later starts (an administrator exists) log nothing. Two instances starting
 * together cannot create two: the unique username index refuses the second.
 */
@Injectable()
export class AdminSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminSeedService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly wizard: SetupWizardNotifier,
    @InjectConfig() private readonly config: AccountsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureRocketCat();
    await this.ensureAdministrator();
  }

  /**
   * Rocket.Chat's install creates the bot `rocket.cat` (integrations post as it, clients invite it, a deleted
   * user's messages may be handed to it): id and username `rocket.cat`, type `bot`, role `bot`, online.
   */
  private async ensureRocketCat(): Promise<void> {
    if (await this.users.findById(ROCKET_CAT)) return;
    try {
      await this.users.insert({
        ...newUserDocument({ username: ROCKET_CAT, name: 'Rocket.Cat', roles: ['bot'] }),
        _id: ROCKET_CAT,
        type: 'bot',
        status: 'online',
        statusDefault: 'online',
      });
      this.logger.log('created the bot user rocket.cat');
    } catch (error) {
      // Another instance created it, or someone took the username: Rocket.Chat logs and goes on.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  private async ensureAdministrator(): Promise<void> {
    if (await this.users.existsWithRole('admin')) return;
    const username = this.config.ADMIN_USERNAME;
    const generated = this.config.ADMIN_PASS === undefined;
    const password = this.config.ADMIN_PASS ?? generateAdminPassword();
    try {
      await this.users.insert(
        newUserDocument({
          username,
          name: username,
          emails: [{ address: this.config.ADMIN_EMAIL.toLowerCase(), verified: true }],
          // Rocket.Chat gives the first administrator the `admin` role alone.
          roles: ['admin'],
          services: { password: { bcrypt: await hashPasswordDigest(passwordDigest(password), this.config.BCRYPT_ROUNDS) } },
        }),
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return;
    }
    if (generated) {
      this.logger.warn(
        { [FIRST_RUN_ADMIN_FIELD]: { username, password } },
        `created administrator "${username}" with the generated password ${password} — shown only this once: log in and change it (or set ADMIN_PASS before the first start)`,
      );
    } else {
      this.logger.log(`created administrator "${username}" (password from ADMIN_PASS)`);
    }
    void this.wizard.adminExists(30);
  }
}
