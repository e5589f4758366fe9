import type { SettingDefinition } from './setting-definition.js';

/**
 * Integrations (Rocket.Chat's `Integrations` section of General). The script limits and the address rule are
 * this server's: Rocket.Chat runs scripts in isolated-vm with 8 MB and no time limit on a call, and makes
 * outgoing calls to any address.
 */
export const INTEGRATION_SETTINGS: SettingDefinition[] = [
  /** Outgoing webhooks may call loopback, private, link-local and other non-public addresses (SSRF rule off). */
  {
    _id: 'Integrations_Allow_Private_Addresses',
    type: 'boolean',
    packageValue: false,
    public: false,
    group: 'General',
    section: 'Integrations',
  },
  /** The longest an integration script may run for one call, in milliseconds. */
  { _id: 'Integrations_Script_Timeout', type: 'int', packageValue: 3000, public: false, group: 'General', section: 'Integrations' },
  /** The heap of an integration script's isolate, in MB (isolated-vm's minimum is 8). */
  { _id: 'Integrations_Script_Memory_Limit', type: 'int', packageValue: 32, public: false, group: 'General', section: 'Integrations' },
  /** How long an outgoing call waits for its answer, in milliseconds. */
  { _id: 'Integrations_Outgoing_Timeout', type: 'int', packageValue: 10000, public: false, group: 'General', section: 'Integrations' },
];
