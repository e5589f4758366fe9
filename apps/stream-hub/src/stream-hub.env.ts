import { baseEnv, databaseVars, portVar } from '@rc/platform';
import { z } from 'zod';

export const streamHubEnv = baseEnv.extend({
  ...portVar(3104),
  ...databaseVars,
  /** stream-hub publishes only when it is the realtime source; otherwise it stays idle. */
  REALTIME_SOURCE: z.enum(['direct', 'stream-hub']).default('direct'),
});
