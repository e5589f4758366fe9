import { permissionsEnvVars } from '@rc/permissions';
import { baseEnv, databaseVars, portVar } from '@rc/platform';
import { realtimeSourceVar } from '@rc/realtime';
import { z } from 'zod';

export const omnichannelEnv = baseEnv.extend({
  ...portVar(3106),
  ...databaseVars,
  ...realtimeSourceVar,
  ...permissionsEnvVars,
  /**
   * With `Auto_Selection`, how often each instance looks for queued inquiries an agent could take (inquiries
   * are also routed at once when queued and when an agent becomes available).
   */
  OMNICHANNEL_ROUTING_INTERVAL_MS: z.coerce.number().int().min(100).default(2_000),
});

export type OmnichannelConfig = z.infer<typeof omnichannelEnv>;
