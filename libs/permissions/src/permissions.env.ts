import { z } from 'zod';

/** Environment of every app that checks permissions in-process. */
export const permissionsEnvVars = {
  /**
   * The permission table is reloaded on every change broadcast; this periodic reload is the safety net for a
   * broadcast lost while NATS was unreachable (events are at most once).
   */
  PERMISSIONS_REFRESH_SECONDS: z.coerce.number().int().positive().default(60),
  /** How long a user's roles are held between change broadcasts (0: read on every check). */
  USER_ROLES_CACHE_SECONDS: z.coerce.number().int().nonnegative().default(10),
};

export type PermissionsConfig = z.infer<z.ZodObject<typeof permissionsEnvVars>>;
