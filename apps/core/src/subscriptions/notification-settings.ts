import { DomainError, ErrorCode } from '@rc/contracts';

const KINDS = {
  desktopNotifications: 'desktopPrefOrigin',
  mobilePushNotifications: 'mobilePrefOrigin',
  emailNotifications: 'emailPrefOrigin',
} as const;
const FLAGS = ['disableNotifications', 'hideUnreadStatus', 'hideMentionStatus', 'muteGroupMentions'] as const;
const PREFERENCES = ['all', 'mentions', 'nothing'];

/**
 * Rocket.Chat's `saveNotificationSettings` fields and values as a subscription update: the three kinds take
 * `all|mentions|nothing` (origin `subscription`) or `default` (removed: the user's or server's default
 * applies again); the flags `'1'`/`'0'` or booleans; `unreadAlert` `default|all|mentions|nothing`;
 * `audioNotificationValue` a sound id; `desktopNotificationDuration` seconds. Anything else: `error-invalid-settings`.
 */
export function notificationSettingsUpdate(notifications: Record<string, string | boolean | number>): {
  $set: Record<string, unknown>;
  $unset: Record<string, 1>;
} {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  const invalid = (field: string) =>
    new DomainError(ErrorCode.InvalidSettings, 'Invalid settings field', { method: 'saveNotificationSettings', field });
  const entries = Object.entries(notifications);
  if (entries.length === 0) throw new DomainError(ErrorCode.InvalidParams, 'The "notifications" param is empty');
  for (const [field, value] of entries) {
    if (field in KINDS) {
      const origin = KINDS[field as keyof typeof KINDS];
      if (value === 'default') {
        $unset[field] = 1;
        $unset[origin] = 1;
      } else if (typeof value === 'string' && PREFERENCES.includes(value)) {
        $set[field] = value;
        $set[origin] = 'subscription';
      } else throw invalid(field);
    } else if ((FLAGS as readonly string[]).includes(field)) {
      if (value === '1' || value === true || value === 1) $set[field] = true;
      else if (value === '0' || value === false || value === 0) $set[field] = false;
      else throw invalid(field);
    } else if (field === 'unreadAlert') {
      if (typeof value !== 'string' || !['default', ...PREFERENCES].includes(value)) throw invalid(field);
      $set[field] = value;
    } else if (field === 'audioNotificationValue') {
      if (typeof value !== 'string' || value.length > 64) throw invalid(field);
      $set[field] = value;
    } else if (field === 'desktopNotificationDuration') {
      const seconds = Number(value);
      if (!Number.isInteger(seconds) || seconds < 0 || seconds > 3600) throw invalid(field);
      if (seconds === 0) $unset[field] = 1;
      else $set[field] = seconds;
    } else throw invalid(field);
  }
  return { $set, $unset };
}
