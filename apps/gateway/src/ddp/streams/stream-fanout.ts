import { Injectable, Logger } from '@nestjs/common';
import { eventSubject, type EventContract, type EventPayload } from '@rc/contracts';
import { decodeEvent, EventBus } from '@rc/platform';
import type { EncodedFrame } from '../protocol/ddp-frames.js';

/**
 * One event as it reaches this gateway, shared by every listener: listeners that send the same frame build
 * it through `frame(cacheKey, build)`, so that it is encoded once for all of them. `text` is the payload as it came
 * over NATS (its EJSON); `payload` is decoded from it on first use, once for every listener.
 */
export class Delivery<P> {
  private readonly memos = new Map<string, unknown>();

  constructor(
    readonly text: string,
    readonly key: string,
  ) {}

  get payload(): P {
    return this.memo('payload', () => decodeEvent<P>(this.text));
  }

  /** The frame `build` makes, built by the first listener that asks for `cacheKey`. */
  frame(cacheKey: string, build: () => EncodedFrame): EncodedFrame {
    return this.memo(`frame:${cacheKey}`, build);
  }

  /** Any value derived from the event, computed once (the EJSON of the args, shared by several frames). */
  memo<T>(cacheKey: string, build: () => T): T {
    if (this.memos.has(cacheKey)) return this.memos.get(cacheKey) as T;
    const value = build();
    this.memos.set(cacheKey, value);
    return value;
  }
}

/**
 * The payload of a stream event named `eventName`, else undefined. An event whose text does not hold that name (as
 * JSON, the way its publisher's EJSON wrote it) cannot be it and is not decoded: a user's or a room's subject
 * carries every event of theirs (each message's desktop notification to every member, …) and a listener wants one.
 */
export function eventNamed<E extends { eventName: string }>(delivery: Delivery<E>, eventName: string): E | undefined {
  if (!delivery.text.includes(JSON.stringify(eventName))) return undefined;
  const { payload } = delivery;
  return payload.eventName === eventName ? payload : undefined;
}

export type DeliveryListener<P> = (delivery: Delivery<P>) => void;

/**
 * Listeners served in one go; a topic with more (a room of thousands shown on this gateway) is served this many at a
 * time, yielding to the event loop between chunks, so that other work — the sender's own answer among it — is not
 * queued behind thousands of socket writes.
 */
export const FANOUT_CHUNK = 250;

interface PendingDelivery {
  delivery: Delivery<unknown>;
  listeners: DeliveryListener<unknown>[];
  next: number;
}

interface Topic {
  unsubscribe: () => void;
  listeners: Set<DeliveryListener<unknown>>;
  /** A large topic's deliveries being served chunk by chunk, in arrival order (each socket gets them in order). */
  backlog: PendingDelivery[];
}

/**
 * This gateway's NATS subscriptions to stream events: a subject is subscribed while at least one local
 * listener watches it (a room's messages while one of our sockets shows the room) and dropped with the last
 * one, so the instance receives only what its own sockets watch.
 */
@Injectable()
export class StreamFanout {
  private readonly logger = new Logger(StreamFanout.name);
  private readonly topics = new Map<string, Topic>();

  constructor(private readonly events: EventBus) {}

  /**
   * Starts delivering the events of `event` keyed `key` to `listener`; resolves, once NATS has the
   * subscription (so that nothing published after a client's `ready` is missed), with the function that stops it.
   */
  async watch<E extends EventContract>(event: E, key: string, listener: DeliveryListener<EventPayload<E>>): Promise<() => void> {
    const { stop, subscribed } = this.watchSync(event, key, listener);
    if (subscribed) await this.events.flush();
    return stop;
  }

  private watchSync<E extends EventContract>(event: E, key: string, listener: DeliveryListener<EventPayload<E>>) {
    const subject = eventSubject(event, key);
    let topic = this.topics.get(subject);
    const subscribed = !topic;
    if (!topic) {
      const created: Topic = { unsubscribe: () => undefined, listeners: new Set(), backlog: [] };
      // Undecoded: a room's message goes on to the sockets as it came (RoomMessagesStream), without an EJSON round.
      created.unsubscribe = this.events.subscribeText(event, key, (text, routingKey) => this.deliver(created, text, routingKey));
      topic = created;
      this.topics.set(subject, topic);
    }
    const entry = listener as DeliveryListener<unknown>;
    topic.listeners.add(entry);
    let watching = true;
    const stop = () => {
      if (!watching) return;
      watching = false;
      const current = this.topics.get(subject);
      if (!current) return;
      current.listeners.delete(entry);
      if (current.listeners.size === 0) {
        current.unsubscribe();
        this.topics.delete(subject);
      }
    };
    return { stop, subscribed };
  }

  /** Subjects this instance currently subscribes to (observability and tests). */
  get subjectCount(): number {
    return this.topics.size;
  }

  private deliver(topic: Topic, text: string, key: string): void {
    const delivery = new Delivery<unknown>(text, key);
    const listeners = [...topic.listeners];
    if (listeners.length <= FANOUT_CHUNK && topic.backlog.length === 0) {
      this.serve(listeners, delivery);
      return;
    }
    topic.backlog.push({ delivery, listeners, next: 0 });
    if (topic.backlog.length === 1) this.serveChunk(topic);
  }

  private serveChunk(topic: Topic): void {
    const pending = topic.backlog[0];
    const end = Math.min(pending.next + FANOUT_CHUNK, pending.listeners.length);
    // A listener stopped since the event arrived (its socket closed, it left the room) gets nothing more.
    this.serve(
      pending.listeners.slice(pending.next, end).filter((listener) => topic.listeners.has(listener)),
      pending.delivery,
    );
    pending.next = end;
    if (end >= pending.listeners.length) topic.backlog.shift();
    if (topic.backlog.length > 0) setImmediate(() => this.serveChunk(topic));
  }

  private serve(listeners: DeliveryListener<unknown>[], delivery: Delivery<unknown>): void {
    for (const listener of listeners) {
      try {
        listener(delivery);
      } catch (error) {
        this.logger.error(`stream listener failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
  }
}
