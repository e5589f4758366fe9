import type { Provider } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { APP_CONFIG } from '@rc/platform';
import type { Connection } from 'mongoose';
import { RateLimiterMongo, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import type { AccountsConfig } from '../../accounts.env.js';

/**
 * Wrong TOTP codes per user (`TOTP_FAILURES_PER_USER` within `TOTP_FAILURE_WINDOW_SECONDS`): the failure that
 * reaches the limit locks TOTP for the user for `TOTP_BLOCK_SECONDS`, right code or not (Rocket.Chat's
 * `totp-max-attempts`), so six digits cannot be guessed. A right code clears the count. Counted in MongoDB
 * (`rocketchat_rate_limits`) so every accounts instance sees the same counts.
 */
export class TotpThrottle {
  constructor(
    private readonly counter: RateLimiterAbstract,
    private readonly limits: { failuresPerUser: number; blockSeconds: number },
  ) {}

  async lockedOut(userId: string): Promise<boolean> {
    if (!this.limits.failuresPerUser) return false;
    const res = await this.counter.get(userId);
    return res !== null && res.consumedPoints >= this.limits.failuresPerUser;
  }

  async failed(userId: string): Promise<void> {
    if (!this.limits.failuresPerUser) return;
    const res = await this.counter.consume(userId).catch((rejected: unknown) => {
      if (isLimiterResult(rejected)) return rejected;
      throw rejected;
    });
    if (res.consumedPoints >= this.limits.failuresPerUser) await this.counter.block(userId, this.limits.blockSeconds);
  }

  async succeeded(userId: string): Promise<void> {
    if (this.limits.failuresPerUser) await this.counter.delete(userId);
  }
}

function isLimiterResult(value: unknown): value is RateLimiterRes {
  return typeof value === 'object' && value !== null && 'msBeforeNext' in value && 'consumedPoints' in value;
}

export const totpThrottleProvider: Provider = {
  provide: TotpThrottle,
  inject: [getConnectionToken(), APP_CONFIG],
  useFactory: (connection: Connection, config: AccountsConfig) =>
    new TotpThrottle(
      new RateLimiterMongo({
        storeClient: connection.db,
        tableName: 'rocketchat_rate_limits',
        keyPrefix: 'totp-failed-user',
        points: Math.max(config.TOTP_FAILURES_PER_USER, 1),
        duration: config.TOTP_FAILURE_WINDOW_SECONDS,
      }),
      { failuresPerUser: config.TOTP_FAILURES_PER_USER, blockSeconds: config.TOTP_BLOCK_SECONDS },
    ),
};
