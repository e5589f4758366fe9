import type { Provider } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { APP_CONFIG } from '@rc/platform';
import type { Connection } from 'mongoose';
import { RateLimiterMongo } from 'rate-limiter-flexible';
import type { AccountsConfig } from '../accounts.env.js';
import { LoginThrottle, type RegistrationLimit } from './login-throttle.js';

/**
 * The throttle's counters live in MongoDB (`rocketchat_rate_limits`), so that every accounts instance counts
 * the same failures. rate-limiter-flexible creates the collection's two indexes itself: the unique `key`
 * (every counter read and update is by key) and a TTL index on `expire` that deletes finished windows.
 */
export const loginThrottleProvider: Provider = {
  provide: LoginThrottle,
  inject: [getConnectionToken(), APP_CONFIG],
  useFactory: (connection: Connection, config: AccountsConfig) => {
    const counter = (keyPrefix: string, points: number, durationSeconds: number) =>
      new RateLimiterMongo({
        storeClient: connection.db,
        tableName: 'rocketchat_rate_limits',
        keyPrefix,
        points: Math.max(points, 1),
        duration: durationSeconds,
      });
    const registrationCounters = new Map<string, RateLimiterMongo>();
    const registrationsByAddress = ({ points, windowMs }: RegistrationLimit) => {
      const key = `${points}/${windowMs}`;
      let limiter = registrationCounters.get(key);
      if (!limiter) {
        limiter = counter('register-ip', points, Math.max(1, Math.ceil(windowMs / 1000)));
        registrationCounters.set(key, limiter);
      }
      return limiter;
    };
    return new LoginThrottle(
      {
        failedByUser: counter('login-failed-user', config.LOGIN_FAILURES_PER_USER, config.LOGIN_FAILURE_WINDOW_SECONDS),
        failedByAddress: counter('login-failed-ip', config.LOGIN_FAILURES_PER_IP, config.LOGIN_FAILURE_WINDOW_SECONDS),
        attemptsByAddress: counter('login-ip', config.LOGIN_RATE_LIMIT_PER_IP, config.LOGIN_RATE_LIMIT_WINDOW_SECONDS),
        registrationsByAddress,
      },
      {
        failuresPerUser: config.LOGIN_FAILURES_PER_USER,
        failuresPerAddress: config.LOGIN_FAILURES_PER_IP,
        userBlockSeconds: config.LOGIN_BLOCK_USER_SECONDS,
        addressBlockSeconds: config.LOGIN_BLOCK_IP_SECONDS,
        attemptsPerAddress: config.LOGIN_RATE_LIMIT_PER_IP,
      },
    );
  },
};
