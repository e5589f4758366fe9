import { baseEnv, databaseVars, portVar } from '@rc/platform';
import { realtimeSourceVar } from '@rc/realtime';
import { z } from 'zod';

/** A count or a number of seconds; 0 turns the limit off. */
const limit = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

export const accountsEnv = baseEnv.extend({
  ...portVar(3101),
  ...databaseVars,
  ...realtimeSourceVar,
  /** The administrator created on first start with an empty database. */
  ADMIN_USERNAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .default('admin'),
  /** Unset (or empty): the first start generates a strong password and logs it once (AdminSeedService). */
  ADMIN_PASS: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional()),
  ADMIN_EMAIL: z.string().email().default('admin@localhost.local'),
  /** Rocket.Chat's Accounts_LoginExpiration: days a login token stays valid. */
  LOGIN_EXPIRATION_DAYS: z.coerce.number().positive().default(90),
  /** bcrypt cost, as Rocket.Chat (Accounts._bcryptRounds). */
  BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(10),

  // Failed-login lock-out (Rocket.Chat's Block_Multiple_Failed_Logins_*): counted in MongoDB, so every
  // accounts instance sees the same counts.
  /** Failed logins for one user (by the name or e-mail tried) within the window before logins are refused. */
  LOGIN_FAILURES_PER_USER: limit(10),
  /** Failed logins from one address within the window before logins from it are refused. */
  LOGIN_FAILURES_PER_IP: limit(50),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().positive().default(300),
  /** How long a user, or an address, stays locked out. */
  LOGIN_BLOCK_USER_SECONDS: z.coerce.number().int().positive().default(300),
  LOGIN_BLOCK_IP_SECONDS: z.coerce.number().int().positive().default(300),
  /** Password logins (failed or not) per address per window. */
  LOGIN_RATE_LIMIT_PER_IP: limit(60),
  LOGIN_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),

  // Second factors: the Accounts_TwoFactorAuthentication_* settings (libs/settings, two-factor.ts) decide what is
  // asked; this is the guessing protection Rocket.Chat has no setting for.
  /** Wrong TOTP codes (login or sensitive action) for one user within the window before TOTP is locked for them. */
  TOTP_FAILURES_PER_USER: limit(5),
  TOTP_FAILURE_WINDOW_SECONDS: z.coerce.number().int().positive().default(300),
  /** How long TOTP stays locked for the user (`totp-max-attempts`, right code or not). */
  TOTP_BLOCK_SECONDS: z.coerce.number().int().positive().default(300),

  /** Meteor's password-reset token lifetime (`passwordResetTokenExpirationInDays`, 3 days): a link older than this is refused. */
  PASSWORD_RESET_EXPIRATION_HOURS: z.coerce.number().positive().default(72),

  /** How long a new user's default-room join (core) or a deleted user's room clean-up may take. */
  CORE_CALL_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /** Overrides LDAP_Background_Sync_Interval (seconds; 0: the setting decides). For tests and operators. */
  LDAP_BACKGROUND_SYNC_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(0),
});

export type AccountsConfig = z.infer<typeof accountsEnv>;
