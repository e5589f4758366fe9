import { hostname } from 'node:os';
import { z } from 'zod';

const natsUrl = z.string().regex(/^(nats|tls|ws|wss):\/\/[^\s]+$/, 'expected nats://host:port (comma-separated for a cluster)');

const mongoUrl = z.string().regex(/^mongodb(\+srv)?:\/\/[^\s]+$/, 'expected mongodb://host:port/database');

/** Variables every app reads. Each app extends this with its own (`baseEnv.extend({...})`). */
export const baseEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-" only')
    .default(() => `${hostname().replace(/[^A-Za-z0-9_-]/g, '-')}-${process.pid}`),
  NATS_URL: natsUrl.default('nats://127.0.0.1:4222'),
  /** Default timeout of a NATS request; a request never waits longer. */
  RPC_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(10_000),
});

/** Variables of the apps that own data: spread into the app's schema. */
export const databaseVars = {
  MONGO_URL: mongoUrl.default('mongodb://127.0.0.1:27017/rocketchat?directConnection=true'),
};

/** The HTTP port (health and readiness; the public port for the gateway): spread into the app's schema. */
export const portVar = (defaultPort: number) => ({
  PORT: z.coerce.number().int().min(0).max(65_535).default(defaultPort),
});

export type BaseConfig = z.infer<typeof baseEnv> & { PORT: number; MONGO_URL?: string };
