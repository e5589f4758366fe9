import { baseEnv, databaseVars, portVar } from '@rc/platform';
import { z } from 'zod';

export const coreEnv = baseEnv.extend({
  ...portVar(3105),
  ...databaseVars,
  /** Which realtime source publishes stream events: this service after each write, or stream-hub. */
  REALTIME_SOURCE: z.enum(['direct', 'stream-hub']).default('direct'),
});

export type CoreConfig = z.infer<typeof coreEnv>;
