import { baseEnv, databaseVars, portVar } from '@rc/platform';
import { realtimeSourceVar } from '@rc/realtime';
import type { z } from 'zod';

/** stream-hub publishes only when REALTIME_SOURCE is `stream-hub`; otherwise it stays idle. */
export const streamHubEnv = baseEnv.extend({ ...portVar(3104), ...databaseVars, ...realtimeSourceVar });

export type StreamHubConfig = z.infer<typeof streamHubEnv>;
