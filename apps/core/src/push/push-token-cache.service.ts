import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { pushTokensChangedEvent } from '@rc/contracts';
import { AppTokensRepository } from '@rc/models';
import { EventBus } from '@rc/platform';

/** A safety net for an invalidation lost on the way (core NATS delivers at most once). */
const TTL_MS = 60_000;
/** Bounded: one entry per user met in a room with a message. */
const MAX_USERS = 100_000;

/**
 * Which users have a device (`_raix_push_app_tokens`), cached per user: the send path asked the database on every
 * message (`distinct`), while tokens change only when a device registers, moves or goes. Every change made through
 * core (`PushService`, `PushSender`) drops the cache of every core instance (`pushTokensChangedEvent`, and at once
 * locally); an answer read while a change happened is not cached; an entry lives at most a minute.
 */
@Injectable()
export class PushTokenCache implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly known = new Map<string, { has: boolean; at: number }>();
  /** Every user with a device, when few (`everyUserWithTokens`); undefined inside: more than the limit. */
  private everyone?: { users: Set<string> | undefined; at: number; limit: number };
  /** Bumped by every change: a lookup that started before one does not fill the cache. */
  private generation = 0;
  private unsubscribe?: () => void;

  constructor(
    private readonly tokens: AppTokensRepository,
    private readonly events: EventBus,
  ) {}

  onApplicationBootstrap(): void {
    this.unsubscribe = this.events.subscribe(pushTokensChangedEvent, '*', () => this.clear());
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Which of these users have at least one device. */
  async usersWithTokens(userIds: string[]): Promise<Set<string>> {
    const now = Date.now();
    const result = new Set<string>();
    const unknown: string[] = [];
    for (const id of userIds) {
      const entry = this.known.get(id);
      if (entry && now - entry.at < TTL_MS) {
        if (entry.has) result.add(id);
      } else {
        unknown.push(id);
      }
    }
    if (unknown.length === 0) return result;
    const generation = this.generation;
    const found = await this.tokens.usersWithTokens(unknown);
    if (generation === this.generation) {
      if (this.known.size + unknown.length > MAX_USERS) this.known.clear();
      for (const id of unknown) this.known.set(id, { has: found.has(id), at: now });
    }
    for (const id of found) result.add(id);
    return result;
  }

  /**
   * Every user with a device when they are at most `limit`, else undefined; held like the per-user answers (dropped
   * by every change, at most a minute). Two commands a minute, whatever the number of messages.
   */
  async everyUserWithTokens(limit: number): Promise<ReadonlySet<string> | undefined> {
    const now = Date.now();
    const held = this.everyone;
    if (held && held.limit === limit && now - held.at < TTL_MS) return held.users;
    const generation = this.generation;
    const users = await this.tokens.allUsersWithTokens(limit);
    if (generation === this.generation) this.everyone = { users, at: now, limit };
    return users;
  }

  /** After a token was written or removed: drops this instance's cache and tells the others. */
  changed(): void {
    this.clear();
    this.events.publish(pushTokensChangedEvent, 'all', {});
  }

  private clear(): void {
    this.generation++;
    this.known.clear();
    this.everyone = undefined;
  }
}
