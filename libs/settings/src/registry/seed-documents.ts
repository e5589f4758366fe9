import { randomBytes, randomUUID } from 'node:crypto';
import type { SettingValue } from '@rc/contracts';
import { randomId } from '@rc/models';
import type { EnvironmentOverrides } from './environment.js';
import type { RegisteredSetting } from './registry.js';

/** The value a setting made at install gets: a UUID or a token where Rocket.Chat generates one. */
function generatedValue(setting: RegisteredSetting, siteUrl: string): SettingValue {
  switch (setting.generated) {
    case 'uuid':
      return randomUUID();
    case 'randomId':
      return randomId();
    case 'hex32':
      return randomBytes(32).toString('hex');
    case 'matrixId':
      return `rocketchat_${randomUUID().replaceAll('-', '_').slice(0, 16)}`;
    case 'siteDomain':
      try {
        return new URL(siteUrl).hostname;
      } catch {
        return 'localhost';
      }
    default:
      return setting.packageValue;
  }
}

/** What seeding writes per setting: the facts (always) and the first value (on insert only). */
export function seedDocuments(
  settings: readonly RegisteredSetting[],
  env: EnvironmentOverrides,
): {
  documents: Array<{ metadata: Record<string, unknown>; insert: Record<string, unknown> }>;
  forced: Array<{ _id: string; value: SettingValue }>;
} {
  const fromEnv = env.overwrite.get('Site_Url') ?? env.initial.get('Site_Url');
  const siteUrl = typeof fromEnv === 'string' ? fromEnv : 'http://localhost:3000';
  const documents = settings.map((setting) => {
    const { generated, ...facts } = setting;
    const metadata: Record<string, unknown> = {
      ...facts,
      hidden: Boolean(facts.hidden) || env.hidden.has(setting._id),
      blocked: Boolean(facts.blocked) || env.blocked.has(setting._id),
    };
    const fromEnv = env.overwrite.get(setting._id) ?? env.initial.get(setting._id);
    const insert: Record<string, unknown> =
      fromEnv !== undefined
        ? { value: fromEnv, processEnvValue: fromEnv, valueSource: 'processEnvValue' }
        : { value: generated ? generatedValue(setting, siteUrl) : setting.packageValue, valueSource: 'packageValue' };
    return { metadata, insert };
  });
  const forced = [...env.overwrite].map(([_id, value]) => ({ _id, value }));
  return { documents, forced };
}
