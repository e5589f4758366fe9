import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';

/**
 * A device token was registered, moved to another user or removed (core's push service): every core instance
 * drops its cache of which users have a device (PushTokenCache), key `all`.
 */
export const pushTokensChangedEvent = defineEvent({ name: 'events.push-tokens-changed', payload: as<Record<string, never>>() });
