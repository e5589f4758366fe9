import { permissionsEnvVars } from '@rc/permissions';
import { baseEnv, databaseVars, portVar } from '@rc/platform';
import { realtimeSourceVar } from '@rc/realtime';
import type { z } from 'zod';

export const authorizationEnv = baseEnv.extend({
  ...portVar(3102),
  ...databaseVars,
  ...realtimeSourceVar,
  ...permissionsEnvVars,
});

export type AuthorizationConfig = z.infer<typeof authorizationEnv>;
