import type { Phantom } from './phantom.js';

/**
 * A broadcast event: published without a queue group so that every subscribed instance receives it.
 * The routing key (a room id, a user id, …) is the last subject token, so a gateway subscribes only to
 * the keys its own sockets watch: `<name>.<key>`; `<name>.*` receives them all.
 */
export interface EventContract<P = unknown> {
  readonly name: string;
  readonly payload: Phantom<P>;
}

export type EventPayload<E> = E extends EventContract<infer P> ? P : never;

export function defineEvent<P>(contract: EventContract<P>): EventContract<P> {
  return contract;
}

/** NATS subject tokens cannot hold `.`, `*`, `>` or whitespace; ids from Rocket.Chat never do, but be safe. */
export function eventSubject(event: EventContract, key: string): string {
  if (!/^[^.*>\s]+$/.test(key)) throw new Error(`invalid routing key for ${event.name}: ${JSON.stringify(key)}`);
  return `${event.name}.${key}`;
}

export function allKeysSubject(event: EventContract): string {
  return `${event.name}.*`;
}
