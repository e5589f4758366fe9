import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ConnectionStatusSchema } from './presence-status.js';

const userId = z.string().min(1).max(64);
const connectionId = z.string().min(1).max(64);
const instanceId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);

/** Most connection changes one `presence.connectionsChanged` request carries (added and removed together). */
export const MAX_CONNECTION_CHANGES = 1000;

const connectionChange = z.strictObject({ userId, connectionId });
export type ConnectionChange = z.infer<typeof connectionChange>;

/**
 * What changed among a gateway instance's logged-in DDP connections since its previous report: connections
 * that logged in (recorded in `usersSessions`) and connections that closed or logged out (removed). Gateways
 * gather these for a short window and send one request, in order, one at a time; `batch` numbers them
 * (`epoch` is one gateway process, `sequence` grows with each request), so that a request answered too late
 * and sent again never overrides a newer one. Each affected user's status is recomputed once.
 * `known: false` says presence had no record of the instance (presumed dead meanwhile): the gateway then
 * reports all its logged-in connections again.
 */
export const presenceConnectionsChanged = defineRpc({
  subject: 'presence.connectionsChanged',
  request: z
    .strictObject({
      instanceId,
      batch: z.strictObject({ epoch: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), sequence: z.number().int().min(1) }),
      added: z.array(connectionChange).max(MAX_CONNECTION_CHANGES),
      removed: z.array(connectionChange).max(MAX_CONNECTION_CHANGES),
    })
    .refine((r) => r.added.length + r.removed.length <= MAX_CONNECTION_CHANGES, `at most ${MAX_CONNECTION_CHANGES} changes`)
    .refine(
      (r) => new Set([...r.added, ...r.removed].map((c) => `${c.userId}/${c.connectionId}`)).size === r.added.length + r.removed.length,
      'a connection of a user is named once',
    ),
  response: as<{ known: boolean }>(),
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
