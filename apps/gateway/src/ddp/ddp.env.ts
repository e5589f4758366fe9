import { z } from 'zod';

/** `<count>/<milliseconds>`, e.g. `600/60000`: a rate-limit rule (count 0 turns the rule off). */
const rateRule = (count: number, intervalMs: number) =>
  z
    .string()
    .regex(/^\d+\/\d+$/, 'expected <count>/<milliseconds>, e.g. 600/60000')
    .default(`${count}/${intervalMs}`)
    .transform((value) => {
      const [limit, ms] = value.split('/').map(Number);
      return { limit, intervalMs: ms };
    });

/** The gateway's DDP settings; defaults are Rocket.Chat's. */
export const ddpEnvVars = {
  /** Idle time after which the server pings a connection; a connection silent for twice this is dropped. */
  DDP_HEARTBEAT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Largest frame a client may send; a bigger one closes the connection (1009). */
  DDP_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(1024 * 1024),
  /** Bytes queued for a socket beyond which it is a slow consumer and is closed (1013). */
  DDP_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(4 * 1024 * 1024),
  /** Proxies in front of the gateway: the client address is this many hops back in `X-Forwarded-For` (Meteor's). */
  HTTP_FORWARDED_COUNT: z.coerce.number().int().min(0).default(0),
  /** How often this instance tells presence it is alive. */
  GATEWAY_HEARTBEAT_MS: z.coerce.number().int().min(100).default(10_000),
  /**
   * How long logins, logouts and closes are gathered before presence is told, in one request: a connection
   * that comes and goes within this window costs presence nothing; a user shows online this much later.
   */
  PRESENCE_REPORT_WINDOW_MS: z.coerce.number().int().min(10).max(5_000).default(200),
  // Rocket.Chat's DDP rate limiter (DDP_Rate_Limit_* settings), per gateway instance.
  DDP_RATE_LIMIT_IP: rateRule(120_000, 60_000),
  DDP_RATE_LIMIT_USER: rateRule(1_200, 60_000),
  DDP_RATE_LIMIT_CONNECTION: rateRule(600, 60_000),
  DDP_RATE_LIMIT_USER_BY_METHOD: rateRule(20, 10_000),
  DDP_RATE_LIMIT_CONNECTION_BY_METHOD: rateRule(10, 10_000),
};

export type RateRuleSetting = { limit: number; intervalMs: number };

export interface DdpConfig {
  INSTANCE_ID: string;
  DDP_HEARTBEAT_MS: number;
  DDP_MAX_FRAME_BYTES: number;
  DDP_MAX_BUFFERED_BYTES: number;
  HTTP_FORWARDED_COUNT: number;
  GATEWAY_HEARTBEAT_MS: number;
  PRESENCE_REPORT_WINDOW_MS: number;
  DDP_RATE_LIMIT_IP: RateRuleSetting;
  DDP_RATE_LIMIT_USER: RateRuleSetting;
  DDP_RATE_LIMIT_CONNECTION: RateRuleSetting;
  DDP_RATE_LIMIT_USER_BY_METHOD: RateRuleSetting;
  DDP_RATE_LIMIT_CONNECTION_BY_METHOD: RateRuleSetting;
}
