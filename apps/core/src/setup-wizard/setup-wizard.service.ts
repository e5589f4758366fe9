import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type ISetting, type SetupWizardState } from '@rc/contracts';
import { SettingsRepository, UsersRepository } from '@rc/models';
import { AccessService } from '../common/access.service.js';
import { SettingsCache } from '@rc/settings';
import { SettingsService } from '../settings/settings.service.js';

/**
 * Rocket.Chat's setup wizard, server side. Its steps write settings through `saveSettings` (SettingsService);
 * here: what the wizard reads (`getSetupWizardParameters`), the move from `pending` to `in_progress` once an
 * administrator exists (so the web client skips its administrator step), and the registration step's question
 * (`cloud.registerPreIntent`), answered "offline": this server never contacts Rocket.Chat Cloud.
 */
@Injectable()
export class SetupWizardService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SetupWizardService.name);

  constructor(
    private readonly settings: SettingsRepository,
    private readonly users: UsersRepository,
    private readonly cache: SettingsCache,
    private readonly settingsService: SettingsService,
    private readonly access: AccessService,
  ) {}

  /** As Rocket.Chat at start-up: an administrator already there (seeded by accounts, or restored) moves a pending wizard on. */
  onApplicationBootstrap(): void {
    void this.cache.loaded
      .then(async () => {
        if (await this.users.existsWithRole('admin')) await this.adminExists();
      })
      .catch((error: unknown) => this.logger.warn(`setup wizard check at start-up failed: ${String(error)}`));
  }

  async parameters(actor: Actor | undefined): Promise<{ settings: ISetting[]; serverAlreadyRegistered: boolean }> {
    const state = (await this.settings.findById('Show_Setup_Wizard'))?.value;
    const mayRead = state !== 'completed' || (actor && (await this.access.hasPermission(actor.userId, 'view-privileged-setting')));
    if (!mayRead) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'The setup wizard is already completed', { method: 'getSetupWizardParameters' });
    }
    return { settings: await this.settings.findWizardSettings(), serverAlreadyRegistered: false };
  }

  async adminExists(): Promise<{ state: SetupWizardState }> {
    const moved = await this.settings.setValueIf('Show_Setup_Wizard', 'pending', 'in_progress');
    if (moved) {
      this.logger.log('an administrator exists: setup wizard in progress');
      await this.settingsService.announce(moved);
      return { state: 'in_progress' };
    }
    return { state: ((await this.settings.findById('Show_Setup_Wizard'))?.value ?? 'pending') as SetupWizardState };
  }

  async registerPreIntent(actor: Actor): Promise<{ offline: boolean }> {
    await this.access.requirePermission(actor.userId, 'manage-cloud');
    return { offline: true };
  }
}
