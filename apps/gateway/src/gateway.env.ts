import { baseEnv, portVar } from '@rc/platform';
import type { z } from 'zod';

export const gatewayEnv = baseEnv.extend({ ...portVar(3000) });

export type GatewayConfig = z.infer<typeof gatewayEnv>;
