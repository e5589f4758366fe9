import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ConnectionStatusSchema } from './presence-status.js';

const userId = z.string().min(1).max(64);
const connectionId = z.string().min(1).max(64);
const instanceId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

/** A DDP connection logged in on a gateway instance: recorded in `usersSessions`, status recomputed. */
export const presenceNewConnection = defineRpc({
  subject: 'presence.newConnection',
  request: z.strictObject({ userId, connectionId, instanceId }),
  response: as<{ ok: true }>(),
});

/** A DDP connection closed or logged out. */
export const presenceRemoveConnection = defineRpc({
  subject: 'presence.removeConnection',
  request: z.strictObject({ userId, connectionId }),
  response: as<{ ok: true }>(),
});

/** `UserPresence:online` / `UserPresence:away`: the client reports activity on one connection. */
export const presenceSetConnectionStatus = defineRpc({
  subject: 'presence.setConnectionStatus',
  request: z.strictObject({ userId, connectionId, status: ConnectionStatusSchema }),
  response: as<boolean>(),
});

/**
 * A gateway instance is alive and holds `connections` sockets. An instance that stops sending these is
 * presumed dead after the presence timeout, and its connections are removed. `known: false` tells an
 * instance that presence had no record of it (first heartbeat, or presumed dead during a long pause): it
 * then registers its logged-in connections again.
 */
export const presenceInstanceHeartbeat = defineRpc({
  subject: 'presence.instanceHeartbeat',
  request: z.strictObject({ instanceId, connections: z.number().int().min(0) }),
  response: as<{ known: boolean }>(),
});

/** A gateway instance shuts down: all its connections go at once. */
export const presenceInstanceGone = defineRpc({
  subject: 'presence.instanceGone',
  request: z.strictObject({ instanceId }),
  response: as<{ removed: number }>(),
});
