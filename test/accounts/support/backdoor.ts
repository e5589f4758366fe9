import { connect, type NatsConnection } from '@nats-io/transport-node';
import EJSON from 'ejson';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';

/**
 * Direct access to a test stack's NATS and database, for what no REST endpoint of this area offers yet:
 * calling a service contract (`authorization.canAccessRoom`, used by core) and seeding rooms and
 * subscriptions (core's documents) as fixtures. Requests use the services' wire format: Nest's packet
 * `{pattern, data, id}`, EJSON-encoded.
 */
export class Backdoor {
  private constructor(
    private readonly nats: NatsConnection,
    private readonly db: mongoose.Connection,
  ) {}

  static async open(natsUrl: string, mongoUrl: string): Promise<Backdoor> {
    const nats = await connect({ servers: natsUrl, name: 'accounts-e2e' });
    const db = await mongoose.createConnection(mongoUrl).asPromise();
    return new Backdoor(nats, db);
  }

  async request<T>(subject: string, data: unknown): Promise<T> {
    const packet = { pattern: subject, data, id: randomBytes(8).toString('hex') };
    const reply = await this.nats.request(subject, EJSON.stringify(packet), { timeout: 10_000 });
    const body = EJSON.parse(reply.string()) as { response?: T; err?: unknown };
    if (body.err) throw new Error(`${subject} failed: ${JSON.stringify(body.err)}`);
    return body.response as T;
  }

  /** Collects the events published on a subject until `stop()`. */
  listen(subject: string): { events: unknown[]; stop: () => void } {
    const events: unknown[] = [];
    const subscription = this.nats.subscribe(subject, { callback: (_, msg) => void events.push(EJSON.parse(msg.string())) });
    return { events, stop: () => subscription.unsubscribe() };
  }

  async flush(): Promise<void> {
    await this.nats.flush();
  }

  async insert(collection: string, document: Record<string, unknown>): Promise<void> {
    await this.db.collection(collection).insertOne(document);
  }

  async update(collection: string, filter: Record<string, unknown>, update: Record<string, unknown>): Promise<void> {
    await this.db.collection(collection).updateOne(filter, update);
  }

  count(collection: string, filter: Record<string, unknown>): Promise<number> {
    return this.db.collection(collection).countDocuments(filter);
  }

  findOne(collection: string, filter: Record<string, unknown>): Promise<Record<string, unknown> | null> {
    return this.db.collection(collection).findOne(filter as never);
  }

  async close(): Promise<void> {
    await this.nats.close();
    await this.db.close();
  }
}

/** A room document as core stores it (only what access rules read). */
export function roomFixture(room: { _id: string; t: 'c' | 'p' | 'd'; name?: string; teamId?: string; teamMain?: boolean; prid?: string }) {
  const now = new Date();
  return { ts: now, _updatedAt: now, msgs: 0, usersCount: 0, ...room };
}

/** A subscription document as core stores it. */
export function subscriptionFixture(rid: string, user: { _id: string; username: string }, t: 'c' | 'p' | 'd', roles?: string[]) {
  const now = new Date();
  return {
    _id: randomBytes(8).toString('hex'),
    rid,
    u: user,
    name: rid,
    t,
    ts: now,
    _updatedAt: now,
    open: true,
    alert: false,
    unread: 0,
    userMentions: 0,
    groupMentions: 0,
    ...(roles && { roles }),
  };
}
