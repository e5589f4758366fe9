import { permissionsEnvVars } from '@rc/permissions';
import { baseEnv, databaseVars, portVar } from '@rc/platform';
import { realtimeSourceVar } from '@rc/realtime';
import type { z } from 'zod';

export const coreEnv = baseEnv.extend({ ...portVar(3105), ...databaseVars, ...realtimeSourceVar, ...permissionsEnvVars });

export type CoreConfig = z.infer<typeof coreEnv>;
