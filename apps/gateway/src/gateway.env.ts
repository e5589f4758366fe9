import { permissionsEnvVars } from '@rc/permissions';
import { baseEnv, databaseVars, portVar } from '@rc/platform';
import type { z } from 'zod';
import { ddpEnvVars } from './ddp/ddp.env.js';

/** MONGO_URL: only GridFS file bodies (uploads and avatars stored in the database); nothing else is read. */
export const gatewayEnv = baseEnv.extend({ ...portVar(3000), ...ddpEnvVars, ...permissionsEnvVars, ...databaseVars });

export type GatewayConfig = z.infer<typeof gatewayEnv>;
