import { permissionsEnvVars } from '@rc/permissions';
import { baseEnv, databaseVars, portVar } from '@rc/platform';
import { realtimeSourceVar } from '@rc/realtime';
import { z } from 'zod';

export const omnichannelVoipEnv = baseEnv.extend({
  ...portVar(3107),
  ...databaseVars,
  ...realtimeSourceVar,
  ...permissionsEnvVars,
  /** Wait before reconnecting to the PBX's management interface after losing it (doubled up to 10 s). */
  VOIP_RECONNECT_MS: z.coerce.number().int().min(50).default(1_000),
  /** The longest a request to the PBX (JSON-RPC over its event connection) waits. */
  VOIP_PBX_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
});

export type OmnichannelVoipConfig = z.infer<typeof omnichannelVoipEnv>;
