import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectConfig } from '@rc/platform';
import type { DdpConfig, RateRuleSetting } from '../ddp.env.js';
import { MeteorError } from '../protocol/meteor-error.js';
import { FixedWindowCounter } from './fixed-window-counter.js';

/** One method call or subscription, as the rate limiter sees it. */
export interface RateLimitInput {
  type: 'method' | 'subscription';
  name: string;
  userId?: string;
  connectionId: string;
  clientAddress?: string;
}

interface Rule {
  counter: FixedWindowCounter;
  /** The bucket this input counts in, or null when the rule does not apply to it. */
  key(input: RateLimitInput): string | null;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Methods with a rule of their own in Rocket.Chat (and Meteor's accounts for `login`): the per-method
 * defaults do not apply to them.
 */
const OWN_RULES: Record<string, { limit: number; intervalMs: number; by: 'user' | 'connection' }> = {
  login: { limit: 5, intervalMs: 10_000, by: 'connection' },
  /** Waived for users holding `send-many-messages` (bots). */
  sendMessage: { limit: 5, intervalMs: 1_000, by: 'user' },
  setUserStatus: { limit: 1, intervalMs: 1_000, by: 'user' },
  /** Waived for users holding `send-many-messages`. */
  createDirectMessage: { limit: 10, intervalMs: 60_000, by: 'user' },
  userSetUtcOffset: { limit: 1, intervalMs: 60_000, by: 'user' },
};

/** Stream methods and subscriptions (`stream-*`) get four times the per-method allowance over four times the interval. */
const STREAM_FACTOR = 4;

const isStream = (name: string) => name.startsWith('stream-');
const hasOwnRule = (name: string) => Object.hasOwn(OWN_RULES, name);

/**
 * Rocket.Chat's DDP rate limiter: limits by client address, by user, by connection, and per method by user
 * and by connection, with its default allowances (DDP_Rate_Limit_* settings), plus the rules some methods
 * have of their own. Counters live in this gateway instance, as Meteor's do in each server process.
 */
@Injectable()
export class DdpRateLimiter implements OnModuleDestroy {
  private readonly rules: Rule[] = [];
  private readonly ownRules = new Map<string, Rule>();
  private readonly pruneTimer: NodeJS.Timeout;

  constructor(@InjectConfig() config: DdpConfig) {
    const add = (setting: RateRuleSetting, key: Rule['key'], factor = 1) => {
      if (setting.limit <= 0 || setting.intervalMs <= 0) return;
      this.rules.push({ counter: new FixedWindowCounter(setting.limit * factor, setting.intervalMs * factor), key });
    };
    add(config.DDP_RATE_LIMIT_IP, (i) => (i.clientAddress && !LOOPBACK.has(i.clientAddress) ? i.clientAddress : null));
    add(config.DDP_RATE_LIMIT_USER, (i) => i.userId ?? null);
    add(config.DDP_RATE_LIMIT_CONNECTION, (i) => i.connectionId);
    add(config.DDP_RATE_LIMIT_USER_BY_METHOD, (i) =>
      i.userId && !hasOwnRule(i.name) && !isStream(i.name) ? `${i.userId}:${i.name}` : null,
    );
    add(config.DDP_RATE_LIMIT_USER_BY_METHOD, (i) => (i.userId && isStream(i.name) ? `${i.userId}:${i.name}` : null), STREAM_FACTOR);
    add(config.DDP_RATE_LIMIT_CONNECTION_BY_METHOD, (i) =>
      !hasOwnRule(i.name) && !isStream(i.name) ? `${i.connectionId}:${i.name}` : null,
    );
    add(config.DDP_RATE_LIMIT_CONNECTION_BY_METHOD, (i) => (isStream(i.name) ? `${i.connectionId}:${i.name}` : null), STREAM_FACTOR);

    for (const [name, own] of Object.entries(OWN_RULES)) {
      this.ownRules.set(name, {
        counter: new FixedWindowCounter(own.limit, own.intervalMs),
        key: (i) => (own.by === 'user' ? (i.userId ?? null) : i.connectionId),
      });
    }

    this.pruneTimer = setInterval(() => [...this.rules, ...this.ownRules.values()].forEach((r) => r.counter.prune()), 60_000);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  /** Whether a method has a rule of its own (its callers may be exempted from it). */
  hasOwnRule(name: string): boolean {
    return this.ownRules.has(name);
  }

  /**
   * Counts a call; throws Meteor's `too-many-requests` when a rule is exceeded (the longest wait is given).
   * `exemptFromOwnRule` waives the method's own rule (a bot sending messages).
   */
  check(input: RateLimitInput, exemptFromOwnRule = false): void {
    const own = input.type === 'method' && !exemptFromOwnRule ? this.ownRules.get(input.name) : undefined;
    let wait = 0;
    for (const rule of own ? [...this.rules, own] : this.rules) {
      const key = rule.key(input);
      if (key !== null) wait = Math.max(wait, rule.counter.hit(`${input.type}:${key}`));
    }
    if (wait > 0) {
      throw new MeteorError(
        'too-many-requests',
        `Error, too many requests. Please slow down. You must wait ${Math.ceil(wait / 1000)} seconds before trying again.`,
        { timeToReset: wait },
      );
    }
  }
}
