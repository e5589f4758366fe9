import { baseEnv, portVar } from '@rc/platform';
import { z } from 'zod';

export const gatewayEnv = baseEnv.extend({
  ...portVar(3000),
  /** Which realtime source publishes stream events: the writing services, or stream-hub. */
  REALTIME_SOURCE: z.enum(['direct', 'stream-hub']).default('direct'),
});

export type GatewayConfig = z.infer<typeof gatewayEnv>;
