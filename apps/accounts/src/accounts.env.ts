import { baseEnv, databaseVars, portVar } from '@rc/platform';
import { z } from 'zod';

export const accountsEnv = baseEnv.extend({
  ...portVar(3101),
  ...databaseVars,
  /** The administrator created on first start with an empty database. */
  ADMIN_USERNAME: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).default('admin'),
  ADMIN_PASS: z.string().min(1).default('admin'),
  ADMIN_EMAIL: z.string().email().default('admin@localhost.local'),
  /** Rocket.Chat's Accounts_LoginExpiration: days a login token stays valid. */
  LOGIN_EXPIRATION_DAYS: z.coerce.number().positive().default(90),
  /** bcrypt cost, as Rocket.Chat (Accounts._bcryptRounds). */
  BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(10),
});

export type AccountsConfig = z.infer<typeof accountsEnv>;
