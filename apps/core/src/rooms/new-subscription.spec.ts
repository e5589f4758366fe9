import { describe, expect, it } from '@jest/globals';
import { defaultSubscriptionPrefs } from './new-subscription.js';

describe('defaultSubscriptionPrefs', () => {
  it("copies the user's notification choices, marked as the user's, and the highlights", () => {
    expect(
      defaultSubscriptionPrefs({
        desktopNotifications: 'all',
        pushNotifications: 'mentions',
        emailNotificationMode: 'nothing',
        highlights: ['urgent'],
      }),
    ).toEqual({
      desktopNotifications: 'all',
      desktopPrefOrigin: 'user',
      mobilePushNotifications: 'mentions',
      mobilePrefOrigin: 'user',
      emailNotifications: 'nothing',
      emailPrefOrigin: 'user',
      userHighlights: ['urgent'],
    });
  });

  it('copies nothing for defaults, unknown values or no preferences', () => {
    expect(defaultSubscriptionPrefs({ desktopNotifications: 'default', emailNotificationMode: 'weekly', highlights: [] })).toEqual({});
    expect(defaultSubscriptionPrefs()).toEqual({});
  });
});
