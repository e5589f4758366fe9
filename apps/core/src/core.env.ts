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
});

export type CoreConfig = z.infer<typeof coreEnv>;
