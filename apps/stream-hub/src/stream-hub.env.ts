import { baseEnv, databaseVars, portVar } from '@rc/platform';
import { realtimeSourceVar } from '@rc/realtime';
import { z } from 'zod';

/** stream-hub publishes only when REALTIME_SOURCE is `stream-hub`; otherwise it stays idle. */
export const streamHubEnv = baseEnv.extend({
  ...portVar(3104),
  ...databaseVars,
  ...realtimeSourceVar,
  /**
   * How often the position in each change stream is saved. A restart replays at most this much (events are
   * delivered at least once: a client sees a repeated message update, never a missing one).
   */
  STREAM_HUB_SAVE_INTERVAL_MS: z.coerce.number().int().min(10).default(500),
  /** Wait before reopening a change stream that failed (the database restarting, …). */
  STREAM_HUB_RETRY_MS: z.coerce.number().int().min(10).default(1_000),
});

export type StreamHubConfig = z.infer<typeof streamHubEnv>;
