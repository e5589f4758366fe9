import { z } from 'zod';
import { Actor } from '../accounts/self-user.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';

/** One running gateway instance as Rocket.Chat's `instances.get` shows it. */
export interface InstanceView {
  address?: string;
  currentStatus: { connected: boolean; lastHeartbeatTime?: number; local: boolean };
  instanceRecord: { _id: string; name: string; _createdAt: Date; _updatedAt: Date; extraInformation: { conns: number } };
  broadcastAuth: boolean;
}

/**
 * `GET instances.get` (needs `view-statistics`): the server's running instances (`instances`, Rocket.Chat's
 * InstanceStatus collection, kept by the gateways' heartbeats), each connected while its heartbeat is recent.
 */
export const presenceInstances = defineRpc({
  subject: 'presence.instances',
  request: z.strictObject({ actor: Actor }),
  response: as<{ instances: InstanceView[] }>(),
}).get('instances.get', { request: ({ actor }) => ({ actor }) });
