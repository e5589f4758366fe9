import { permissionsEnvVars } from '@rc/permissions';
import { baseEnv, databaseVars, portVar } from '@rc/platform';
import { realtimeSourceVar } from '@rc/realtime';
import { z } from 'zod';

export const coreEnv = baseEnv.extend({
  ...portVar(3105),
  ...databaseVars,
  ...realtimeSourceVar,
  ...permissionsEnvVars,
  /** How often uploads never confirmed (`rooms.media` without `rooms.mediaConfirm`) are removed once expired. */
  UPLOADS_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(600_000),
  /**
   * Private or reserved addresses (IPs or CIDRs, comma-separated) that an avatar URL may reach all the same;
   * every other such address is refused (SSRF protection). Empty: public addresses only.
   */
  AVATAR_URL_ALLOWED_ADDRESSES: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    ),
});

export type CoreConfig = z.infer<typeof coreEnv>;
