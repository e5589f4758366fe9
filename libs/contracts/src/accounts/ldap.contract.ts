import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { Actor } from './self-user.js';

/**
 * The administrator's LDAP tools (Rocket.Chat's admin > LDAP page): test the connection (`test-admin-options`),
 * look a user up (`test-admin-options`), run the background sync now (`sync-auth-services-users`, re-authenticated
 * as Rocket.Chat's `twoFactorRequired`). Each refuses with `LDAP_disabled` while LDAP_Enable is off.
 */
export const accountsLdapTestConnection = defineRpc({
  subject: 'accounts.ldap.testConnection',
  request: z.strictObject({ actor: Actor }),
  response: as<{ message: 'LDAP_Connection_successful' }>(),
})
  .post('ldap.testConnection', { request: ({ actor }) => ({ actor }) })
  // Meteor's method answers Rocket.Chat's older shape.
  .method('ldap_test_connection', {
    request: (_params, { actor }) => ({ actor }),
    reply: () => ({ message: 'Connection_success', params: [] }),
  });

export const accountsLdapTestSearch = defineRpc({
  subject: 'accounts.ldap.testSearch',
  request: z.strictObject({ actor: Actor, username: z.string().min(1).max(256) }),
  response: as<{ message: 'LDAP_User_Found' }>(),
}).post('ldap.testSearch', { request: ({ body, actor }) => ({ actor, username: body.username }) });

export const accountsLdapSyncNow = defineRpc({
  subject: 'accounts.ldap.syncNow',
  request: z.strictObject({ actor: Actor }),
  response: as<{ message: 'Sync_in_progress' }>(),
  twoFactor: {},
}).post('ldap.syncNow', { request: ({ actor }) => ({ actor }) });
