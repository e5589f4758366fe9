import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type UserPreferences } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { Access } from '../common/access.js';
import { UserChangeNotifier } from '../common/user-change-notifier.js';

/** Preferences whose `default` means "none of mine": removed, so the server's default applies. */
const CLEARED_BY_DEFAULT = new Set(['pushNotifications', 'desktopNotifications', 'emailNotificationMode']);

/**
 * Rocket.Chat's `saveUserPreferences`: the values under `settings.preferences` of the user document (accounts
 * owns it). Core reads `pushNotifications`, `desktopNotifications` and `highlights` when deciding who gets a push or
 * a desktop notification (holding the latter in memory: announced, `users.changed`); a room's own choice
 * (`rooms.saveNotification`) wins over them.
 */
@Injectable()
export class UserPreferencesService {
  constructor(
    private readonly users: UsersRepository,
    private readonly access: Access,
    private readonly changes: UserChangeNotifier,
  ) {}

  /** Rocket.Chat's users.getPreferences: the stored preferences and the language. */
  async getPreferences(actor: Actor): Promise<{ preferences: Record<string, unknown> }> {
    const user = await this.users.findById(actor.userId);
    if (!user?.settings) throw new DomainError(ErrorCode.InvalidParams, 'ACCOUNTS_DEFAULT_USER_PREFERENCES_NOT_AVAILABLE');
    return { preferences: { ...(user.settings.preferences ?? {}), ...(user.language !== undefined && { language: user.language }) } };
  }

  async setPreferences(actor: Actor, userId: string | undefined, data: UserPreferences) {
    const target = userId ?? actor.userId;
    // Rocket.Chat's users.setPreferences words (an `error-action-not-allowed`, not a permission refusal).
    if (target !== actor.userId && !(await this.access.has(actor.userId, 'edit-other-user-info'))) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Editing user is not allowed');
    }
    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    for (const [key, value] of Object.entries(data)) {
      if (value === undefined) continue;
      if (CLEARED_BY_DEFAULT.has(key) && value === 'default') unset.push(`settings.preferences.${key}`);
      else
        set[`settings.preferences.${key}`] = key === 'highlights' ? (value as string[]).map((word) => word.trim()).filter(Boolean) : value;
    }
    const updated = await this.users.updateProfile(target, set, unset);
    if (!updated) throw new DomainError(ErrorCode.InvalidUser, 'The optional "userId" param provided does not match any users');
    await this.changes.preferencesChanged(updated._id);
    return { user: { _id: updated._id, settings: { preferences: updated.settings?.preferences ?? {} } } };
  }
}
