import { connect, type NatsConnection } from '@nats-io/transport-node';
import EJSON from 'ejson';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { notifyUsersEvent, type StreamEvent, type UsersEvent } from '@rc/contracts';
import { waitFor, type Stack } from '@rc/local-stack';
import { DdpClient } from '../../support/ddp-client.js';
import type { RestClient, RestResponse } from '../../support/rest-client.js';

/** A password the accounts service accepts whatever its policy. */
export const PASSWORD = 'Sturdy-pass-42';

export interface CoreUser {
  id: string;
  username: string;
  api: RestClient;
}

export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

/** A user created by the administrator (users.create, which also joins the default rooms), logged in. */
export async function createUser(admin: RestClient, prefix: string): Promise<CoreUser> {
  const username = uniqueName(prefix);
  const { status, body } = await admin.post('/api/v1/users.create', {
    username,
    email: `${username}@core.e2e.test`,
    name: `User ${username}`,
    password: PASSWORD,
    verified: true,
  });
  if (status !== 200) throw new Error(`users.create ${username}: ${status} ${JSON.stringify(body)}`);
  return { id: body.user._id, username, api: await admin.as(undefined).login(username, PASSWORD) };
}

/** Asserts a REST answer succeeded, with a readable failure. */
export function ok<T extends RestResponse>(response: T): T['body'] {
  if (response.status !== 200 || response.body.success !== true) {
    throw new Error(`expected success, got ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/**
 * Direct access to a test stack's database and NATS, for what no endpoint offers: backdating a message (time
 * limits), and watching the realtime events the services publish.
 */
export class StackProbe {
  private constructor(
    readonly db: mongoose.Connection,
    private readonly nats: NatsConnection,
  ) {}

  static async open(stack: Stack): Promise<StackProbe> {
    const [db, nats] = await Promise.all([
      mongoose.createConnection(stack.mongoUrl).asPromise(),
      connect({ servers: stack.natsUrl, name: 'core-e2e-probe' }),
    ]);
    return new StackProbe(db, nats);
  }

  /** Collects the events published on a NATS subject (`stream.room-messages.<rid>`, …) until `stop()`. */
  async listen<T = unknown>(subject: string): Promise<{ events: T[]; stop: () => void }> {
    const events: T[] = [];
    const subscription = this.nats.subscribe(subject, { callback: (_error, msg) => void events.push(EJSON.parse(msg.string()) as T) });
    await this.nats.flush();
    return { events, stop: () => subscription.unsubscribe() };
  }

  /**
   * Collects the `stream-notify-user` events of one user as the services publish them: on the user's subject, and the
   * events published once for several users that list them (`stream.notify-users.<event>`: desktop notifications).
   */
  async listenUser<T = StreamEvent>(userId: string): Promise<{ events: T[]; stop: () => void }> {
    const events: T[] = [];
    const own = this.nats.subscribe(`stream.notify-user.${userId}`, { callback: (_e, msg) => void events.push(EJSON.parse(msg.string())) });
    const shared = this.nats.subscribe(`${notifyUsersEvent.name}.*`, {
      callback: (_e, msg) => {
        const { event, userIds, args } = EJSON.parse(msg.string()) as UsersEvent;
        if (userIds.includes(userId)) events.push({ eventName: `${userId}/${event}`, args } as T);
      },
    });
    await this.nats.flush();
    return {
      events,
      stop: () => {
        own.unsubscribe();
        shared.unsubscribe();
      },
    };
  }

  /** Waits until presence has the users online: gateways tell it of logins in batches (PRESENCE_REPORT_WINDOW_MS). */
  async waitOnline(userIds: string[]): Promise<void> {
    const users = this.db.collection('users');
    await waitFor(async () => (await users.countDocuments({ _id: { $in: userIds as never[] }, status: 'online' })) === userIds.length, {
      timeoutMs: 20_000,
      describe: () => `${userIds.length} users to be online`,
    });
  }

  async close(): Promise<void> {
    await this.nats.close();
    await this.db.close();
  }
}

export type ConnectedChannel = Awaited<ReturnType<typeof channelWithConnectedMembers>>;

/**
 * A channel of alice's with bob and carol, who keep a DDP socket open and are online (desktop notifications reach
 * connected members only), and a probe of the stack; `close()` ends the sockets and the probe.
 */
export async function channelWithConnectedMembers(stack: Stack, admin: RestClient, prefix: string) {
  const probe = await StackProbe.open(stack);
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((p) => createUser(admin, p)));
  const body = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName(prefix), members: [bob.username, carol.username] }));
  const channel = body.channel as { _id: string; name: string };
  const sockets = await Promise.all([bob, carol].map(() => DdpClient.connect(stack.gatewayUrl())));
  await Promise.all([bob, carol].map((user, i) => sockets[i].login(user.username, PASSWORD)));
  await probe.waitOnline([bob.id, carol.id]);
  const close = async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await probe.close();
  };
  return { probe, alice, bob, carol, channel, sockets, close };
}
