import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const APP_MODEL = 'App';
export const APP_PACKAGE_MODEL = 'AppPackage';
export const APP_LOG_MODEL = 'AppLog';
export const APP_PERSISTENCE_MODEL = 'AppPersistence';

/**
 * `rocketchat_apps`: the apps-engine's storage item per installed app (Rocket.Chat's shape: `id`, `info`,
 * `status`, `settings`, `implemented`, `languageContent`, `installationSource`, …; `_id` is the app id).
 */
export const AppSchema = new Schema<Record<string, unknown>>(
  { _id: { type: String, required: true } },
  collectionOptions('rocketchat_apps'),
);

/** The uploaded packages (`.zip`), one per app (Rocket.Chat keeps them in GridFS `rocketchat_apps_packages`). */
export const AppPackageSchema = new Schema<Record<string, unknown>>(
  { _id: { type: String, required: true }, zip: Buffer },
  collectionOptions('rocketchat_apps_packages'),
);

/** `rocketchat_apps_logs`: one document per method an app ran (`appId`, `method`, `entries`, `_createdAt`, …). */
export const AppLogSchema = new Schema<Record<string, unknown>>(
  { _id: { type: String, required: true }, appId: { type: String, required: true, index: true }, _createdAt: Date },
  collectionOptions('rocketchat_apps_logs'),
);
AppLogSchema.index({ _createdAt: 1 }, { expireAfterSeconds: 30 * 24 * 3600 });

/** `rocketchat_apps_persistence`: an app's records (`appId`, `data`, `associations: [{model, id}]`). */
export const AppPersistenceSchema = new Schema<Record<string, unknown>>(
  { _id: { type: String, required: true }, appId: { type: String, required: true } },
  collectionOptions('rocketchat_apps_persistence'),
);
AppPersistenceSchema.index({ appId: 1, associations: 1 });

export const APP_JOB_MODEL = 'AppJob';

/**
 * `rocketchat_apps_scheduler` (Rocket.Chat keeps its apps' Agenda jobs there): one document per scheduled job,
 * Agenda's field names (`name` is the processor id, `nextRunAt`, `repeatInterval`, `lockedAt`, `lockedBy`),
 * plus `appId`. An instance claims a due job by setting `lockedAt` atomically, so each run happens once.
 */
export const AppJobSchema = new Schema<Record<string, unknown>>(
  { _id: { type: String, required: true }, appId: { type: String, required: true, index: true }, name: String, nextRunAt: Date },
  collectionOptions('rocketchat_apps_scheduler'),
);
AppJobSchema.index({ nextRunAt: 1 });
