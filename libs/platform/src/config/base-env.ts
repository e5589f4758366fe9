import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { z } from 'zod';

const natsUrl = z
  .string()
  .regex(/^(nats|tls|ws|wss):\/\/[^\s]+$/, 'expected nats://host:port (comma-separated for a cluster; NATS is the only transporter)');

const mongoUrl = z.string().regex(/^mongodb(\+srv)?:\/\/[^\s]+$/, 'expected mongodb://host:port/database');

/** Variables every app reads. Each app extends this with its own (`baseEnv.extend({...})`). */
export const baseEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" and "-" only')
    .default(() => `${hostname().replace(/[^A-Za-z0-9_-]/g, '-')}-${process.pid}`),
  /** Also read from Rocket.Chat's `TRANSPORTER` when NATS_URL is unset (rocketchat-aliases.ts). */
  NATS_URL: natsUrl.default('nats://127.0.0.1:4222'),
  /**
   * Rocket.Chat's address of this instance (the pod IP on Kubernetes). Nothing dials an instance directly here
   * (all traffic goes over NATS), so it only names the instance in its start-up log line.
   */
  INSTANCE_IP: z
    .string()
    .refine((value) => isIP(value) !== 0, 'expected an IPv4 or IPv6 address')
    .optional(),
  /**
   * Rocket.Chat's (Meteor's) listening address: the interface the HTTP port is bound to. Unset, every IPv4
   * interface (`0.0.0.0`), as Rocket.Chat; `127.0.0.1` keeps a server reachable from this machine only.
   */
  BIND_IP: z
    .string()
    .refine((value) => isIP(value) !== 0, 'expected an IPv4 or IPv6 address')
    .default('0.0.0.0'),
  /** Default timeout of a NATS request; a request never waits longer. */
  RPC_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** How long SIGTERM waits for in-flight requests before closing anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().nonnegative().default(10_000),
});

/**
 * Variables of the apps that own data: spread into the app's schema. MONGO_URL goes to the driver unchanged,
 * so every form Rocket.Chat documents works: replica set (`?replicaSet=rs0`), credentials with `authSource`,
 * `tls=true` / `ssl=true` with `tlsCAFile`, `mongodb+srv://`.
 */
export const databaseVars = {
  MONGO_URL: mongoUrl.default('mongodb://127.0.0.1:27017/rocketchat?directConnection=true'),
};

/** The HTTP port (health and readiness; the public port for the gateway): spread into the app's schema. */
export const portVar = (defaultPort: number) => ({
  PORT: z.coerce.number().int().min(0).max(65_535).default(defaultPort),
});

export type BaseConfig = z.infer<typeof baseEnv> & { PORT: number; MONGO_URL?: string };
