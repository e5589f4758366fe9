import { baseEnv, databaseVars, portVar } from '@rc/platform';
import { realtimeSourceVar } from '@rc/realtime';
import { z } from 'zod';

export const presenceEnv = baseEnv.extend({
  ...portVar(3103),
  ...databaseVars,
  ...realtimeSourceVar,
  /**
   * A gateway instance not heard from for this long is presumed dead and its connections are removed
   * (gateways send a heartbeat every GATEWAY_HEARTBEAT_MS, 10 s by default).
   */
  PRESENCE_INSTANCE_TIMEOUT_MS: z.coerce.number().int().min(1_000).default(30_000),
  /** How often each presence instance looks for dead gateway instances. */
  PRESENCE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(200).default(5_000),
});

export type PresenceConfig = z.infer<typeof presenceEnv>;
