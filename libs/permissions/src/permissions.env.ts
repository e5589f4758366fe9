import { z } from 'zod';

/** Environment of every app that checks permissions in-process. */
export const permissionsEnvVars = {
  /**
   * The permission table is reloaded on every change broadcast; this periodic reload is the safety net for a
   * broadcast lost while NATS was unreachable (events are at most once).
   */
  PERMISSIONS_REFRESH_SECONDS: z.coerce.number().int().positive().default(60),
  /**
   * How long a user's roles are held between change broadcasts (0: read on every check). The broadcast drops them;
   * this expiry is the same safety net as the table's reload, and as long (each sender's roles were a request to
   * authorization and a read every 10 s before: ~0.1 ms of CPU a message at 100 msg/s with 50 senders).
   */
  USER_ROLES_CACHE_SECONDS: z.coerce.number().int().nonnegative().default(60),
};

export type PermissionsConfig = z.infer<z.ZodObject<typeof permissionsEnvVars>>;
