import { DomainError, ErrorCode } from '@rc/contracts';
import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';

/** The counters a throttle keeps (in MongoDB in the service; in memory in unit tests). */
export interface ThrottleCounters {
  failedByUser: RateLimiterAbstract;
  failedByAddress: RateLimiterAbstract;
  attemptsByAddress: RateLimiterAbstract;
  /** The registrations counter for a limit (the limit is a setting: one counter per value, same keys). */
  registrationsByAddress: (limit: RegistrationLimit) => RateLimiterAbstract;
}

/** Registrations allowed per address per window (Rocket.Chat's `users.register` rate limiter options). */
export interface RegistrationLimit {
  /** `Rate_Limiter_Limit_RegisterUser`; 0: no limit. */
  points: number;
  /** `API_Enable_Rate_Limiter_Limit_Time_Default`. */
  windowMs: number;
}

export interface ThrottleLimits {
  /** Failures (per user / per address) within the window that lock logins out; 0: no lock-out. */
  failuresPerUser: number;
  failuresPerAddress: number;
  userBlockSeconds: number;
  addressBlockSeconds: number;
  /** Password logins per address per window; 0: unlimited. */
  attemptsPerAddress: number;
}

const blockedForUser = () => new DomainError(ErrorCode.LoginBlockedForUser, 'Login has been temporarily blocked For User');
const blockedForAddress = () => new DomainError(ErrorCode.LoginBlockedForIp, 'Login has been temporarily blocked For IP');
const tooManyRequests = (res: RateLimiterRes) =>
  new DomainError(
    ErrorCode.TooManyRequests,
    `Error, too many requests. Please slow down. You must wait ${Math.max(1, Math.ceil(res.msBeforeNext / 1000))} seconds before trying this endpoint again.`,
    { timeToReset: res.msBeforeNext },
  );

/**
 * Abuse protection of logins and registrations (Rocket.Chat's Block_Multiple_Failed_Logins_* and its REST
 * rate limiter):
 * - failed logins are counted per user (the name or e-mail tried, whether or not it exists, so the lock-out
 *   tells nobody which names exist) and per address; reaching either limit within the window refuses
 *   every login for that user or from that address, right password or not, for the block time;
 * - password logins and registrations are rate limited per address.
 * A successful login clears its user's failures; an address's failures only expire.
 */
export class LoginThrottle {
  constructor(
    private readonly counters: ThrottleCounters,
    private readonly limits: ThrottleLimits,
  ) {}

  /** Before a password is checked: refuses when over the rate, or locked out. */
  async beforeAttempt(identity: string, address?: string): Promise<void> {
    if (address && this.limits.attemptsPerAddress) {
      await this.counters.attemptsByAddress.consume(address).catch((res: unknown) => {
        throw isLimiterResult(res) ? tooManyRequests(res) : res;
      });
    }
    if (address && (await this.reached(this.counters.failedByAddress, address, this.limits.failuresPerAddress))) {
      throw blockedForAddress();
    }
    if (await this.reached(this.counters.failedByUser, identity, this.limits.failuresPerUser)) throw blockedForUser();
  }

  /** Whether the identity's failures reached the lock-out (without counting anything). */
  lockedOut(identity: string): Promise<boolean> {
    return this.reached(this.counters.failedByUser, identity, this.limits.failuresPerUser);
  }

  async failed(identity: string, address?: string): Promise<void> {
    await Promise.all([
      this.count(this.counters.failedByUser, identity, this.limits.failuresPerUser, this.limits.userBlockSeconds),
      address && this.count(this.counters.failedByAddress, address, this.limits.failuresPerAddress, this.limits.addressBlockSeconds),
    ]);
  }

  async succeeded(identity: string): Promise<void> {
    if (this.limits.failuresPerUser) await this.counters.failedByUser.delete(identity);
  }

  async beforeRegistration(limit: RegistrationLimit, address?: string): Promise<void> {
    if (!address || limit.points <= 0) return;
    await this.counters
      .registrationsByAddress(limit)
      .consume(address)
      .catch((res: unknown) => {
        throw isLimiterResult(res) ? tooManyRequests(res) : res;
      });
  }

  private async reached(counter: RateLimiterAbstract, key: string, max: number): Promise<boolean> {
    if (!max) return false;
    const res = await counter.get(key);
    return res !== null && res.consumedPoints >= max;
  }

  /** Counts a failure; the one that reaches the limit starts the block (its own duration, from now). */
  private async count(counter: RateLimiterAbstract, key: string, max: number, blockSeconds: number): Promise<void> {
    if (!max) return;
    const res = await counter.consume(key).catch((rejected: unknown) => {
      if (isLimiterResult(rejected)) return rejected;
      throw rejected;
    });
    if (res.consumedPoints >= max) await counter.block(key, blockSeconds);
  }
}

function isLimiterResult(value: unknown): value is RateLimiterRes {
  return typeof value === 'object' && value !== null && 'msBeforeNext' in value && 'consumedPoints' in value;
}
