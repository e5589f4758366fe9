import { permissionsEnvVars } from '@rc/permissions';
import { baseEnv, databaseVars, portVar } from '@rc/platform';
import { z } from 'zod';

export const appsEngineEnv = baseEnv.extend({
  ...portVar(3108),
  ...databaseVars,
  ...permissionsEnvVars,
  /**
   * The send path's limit for each app's pre-send hook: an app that has not answered by then is skipped for
   * this message (the message goes on as it was), and its Deno process is killed and restarted.
   */
  APPS_HOOK_TIMEOUT_MS: z.coerce.number().int().min(10).default(1_000),
  /** Heap limit of each app's Deno process (V8 `--max-old-space-size`): an app over it dies and is restarted. */
  APPS_MAX_HEAP_MB: z.coerce.number().int().min(16).default(128),
  /** How often each instance looks for the apps' due scheduled jobs (`rocketchat_apps_scheduler`). */
  APPS_SCHEDULER_POLL_MS: z.coerce.number().int().min(50).default(1_000),
  /** A job claimed longer ago than this is taken to belong to a dead instance and claimed again (Agenda: 10 min). */
  APPS_SCHEDULER_LOCK_MS: z.coerce.number().int().min(1_000).default(600_000),
  /** The longest an app may take to answer a UI Kit interaction (a block action, a view submission). */
  APPS_INTERACTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Where each instance unpacks its runtime link and temporary files (a fresh directory under the OS temp by default). */
  APPS_TEMP_DIR: z.string().optional(),
  /**
   * Deno's cache of the runtime's npm modules (filled by `scripts/setup.mjs`; the runtime runs `--cached-only`);
   * `.local/deno` in the checkout by default.
   */
  DENO_DIR: z.string().optional(),
});

export type AppsEngineConfig = z.infer<typeof appsEngineEnv>;
