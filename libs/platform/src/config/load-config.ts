import { z } from 'zod';
import { applyRocketChatAliases } from './rocketchat-aliases.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A validated configuration and the lines worth logging about how it was read. */
export interface LoadedConfig<T> {
  config: T;
  notices: string[];
}

/**
 * Validates the environment against the app's schema, after reading Rocket.Chat's names for the same settings
 * (`TRANSPORTER`, see rocketchat-aliases.ts). Empty strings count as unset, so that `FOO= npm start` falls
 * back to the default instead of failing on "".
 */
export function loadConfigWithNotices<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): LoadedConfig<z.infer<S>> {
  const present = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
  const aliased = applyRocketChatAliases(present);
  const result = schema.safeParse(aliased.env);
  if (result.success) return { config: result.data, notices: aliased.notices };
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const key = issue.path.length === 1 ? String(issue.path[0]) : undefined;
      const variable = (key && aliased.origin[key]) ?? (issue.path.join('.') || '(environment)');
      const value = key === undefined ? undefined : aliased.env[key];
      return `${variable}: ${issue.message}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`;
    }),
  );
}

/** `loadConfigWithNotices` without the notices. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  return loadConfigWithNotices(schema, env).config;
}
