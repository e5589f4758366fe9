import { describe, expect, it } from '@jest/globals';
import { notificationSettingsUpdate } from './notification-settings.js';

describe('saveNotificationSettings fields', () => {
  it('sets a kind with its origin, and "default" removes both', () => {
    expect(notificationSettingsUpdate({ mobilePushNotifications: 'nothing', desktopNotifications: 'default' })).toEqual({
      $set: { mobilePushNotifications: 'nothing', mobilePrefOrigin: 'subscription' },
      $unset: { desktopNotifications: 1, desktopPrefOrigin: 1 },
    });
  });

  it("takes the flags as '1'/'0' (DDP) or booleans (REST)", () => {
    expect(notificationSettingsUpdate({ muteGroupMentions: '1', disableNotifications: false, hideUnreadStatus: true }).$set).toEqual({
      muteGroupMentions: true,
      disableNotifications: false,
      hideUnreadStatus: true,
    });
  });

  it('refuses unknown fields and values with error-invalid-settings', () => {
    expect(() => notificationSettingsUpdate({ roles: 'owner' })).toThrow('[error-invalid-settings]');
    expect(() => notificationSettingsUpdate({ mobilePushNotifications: 'sometimes' })).toThrow('[error-invalid-settings]');
    expect(() => notificationSettingsUpdate({ muteGroupMentions: 'yes' })).toThrow('[error-invalid-settings]');
  });
});
