import { permissionsEnvVars } from '@rc/permissions';
import { baseEnv, databaseVars, portVar } from '@rc/platform';
import { realtimeSourceVar } from '@rc/realtime';
import { z } from 'zod';

export const coreEnv = baseEnv.extend({
  ...portVar(3105),
  ...databaseVars,
  ...realtimeSourceVar,
  ...permissionsEnvVars,
  /** How often uploads never confirmed (`rooms.media` without `rooms.mediaConfirm`) are removed once expired. */
  /** How long the send path waits for the apps' pre-send hooks (the apps-engine limits each app itself). */
  APPS_PRESEND_TIMEOUT_MS: z.coerce.number().int().min(10).default(3_000),
  UPLOADS_SWEEP_INTERVAL_MS: z.coerce.number().int().positive().default(600_000),
  /** How often each core instance looks whether a retention prune is due (the schedule is `RetentionPolicy_*`). */
  RETENTION_CHECK_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
  /** How often each core instance looks whether a user data export run is due (the schedule: `UserData_ProcessingFrequency`). */
  DATA_EXPORT_CHECK_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
  /** A cron expression (seconds allowed) replacing the export schedule of `UserData_ProcessingFrequency`; empty: the setting's. */
  DATA_EXPORT_CRON: z.string().default(''),
  /** The notification queue's worker: how often it looks for due items (Rocket.Chat's name and default). */
  NOTIFICATIONS_WORKER_TIMEOUT: z.coerce.number().int().positive().default(2000),
  /** Seconds a push waits by the recipient's connection status (negative: never sent); Rocket.Chat's names and defaults. */
  NOTIFICATIONS_SCHEDULE_DELAY_ONLINE: z.coerce.number().int().default(120),
  NOTIFICATIONS_SCHEDULE_DELAY_AWAY: z.coerce.number().int().default(0),
  NOTIFICATIONS_SCHEDULE_DELAY_OFFLINE: z.coerce.number().int().default(0),
  /** A failed delivery is retried after PUSH_RETRY_BASE_MS × 2^(attempt−1), PUSH_MAX_ATTEMPTS times in all (Rocket.Chat: 1, 2, 4, 8, 16 min). */
  PUSH_RETRY_BASE_MS: z.coerce.number().int().positive().default(60_000),
  PUSH_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
  /** Items each core instance works at once (each one claimed atomically). */
  PUSH_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(8),
  /** A message's member work (counters, notifications) not done within this is a dead instance's, and taken over. */
  MEMBER_WORK_LOCK_MS: z.coerce.number().int().positive().default(30_000),
  /** How often each core instance looks for member work to take over (and once at start). */
  MEMBER_WORK_SWEEP_MS: z.coerce.number().int().positive().default(10_000),
  /** A claim older than this belongs to a dead worker and is taken over (Rocket.Chat: 5 minutes). */
  PUSH_QUEUE_LOCK_MS: z.coerce.number().int().positive().default(300_000),
  /** Where FCM HTTP v1 and APNs are reached; empty APNs URL: Apple's production or sandbox host by `Push_production`. */
  PUSH_FCM_URL: z.string().url().default('https://fcm.googleapis.com'),
  PUSH_APN_URL: z.string().default(''),
  /**
   * Private or reserved addresses (IPs or CIDRs, comma-separated) that an avatar URL may reach all the same;
   * every other such address is refused (SSRF protection). Empty: public addresses only.
   */
  AVATAR_URL_ALLOWED_ADDRESSES: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    ),
  /**
   * The same for `chat.getURLPreview`: private or reserved addresses a previewed URL may reach (IPs or CIDRs,
   * comma-separated); empty: public addresses only.
   */
  URL_PREVIEW_ALLOWED_ADDRESSES: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    ),
});

export type CoreConfig = z.infer<typeof coreEnv>;
