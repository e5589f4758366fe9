import { permissionsEnvVars } from '@rc/permissions';
import { baseEnv, portVar } from '@rc/platform';
import type { z } from 'zod';
import { ddpEnvVars } from './ddp/ddp.env.js';

export const gatewayEnv = baseEnv.extend({ ...portVar(3000), ...ddpEnvVars, ...permissionsEnvVars });

export type GatewayConfig = z.infer<typeof gatewayEnv>;
