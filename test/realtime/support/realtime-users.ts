import { randomBytes } from 'node:crypto';
import { DdpClient, type DdpClientOptions } from '../../support/ddp-client.js';
import type { RestClient } from '../../support/rest-client.js';

/** A password that passes any password policy the stack enforces. */
export const PASSWORD = 'Realtime-pass-42';

export interface RealtimeUser {
  id: string;
  username: string;
  password: string;
  /** A REST client logged in as this user (on the gateway the admin client talks to). */
  api: RestClient;
}

export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

/** Creates a user as the administrator (users.create) and logs them in over REST. */
export async function createUser(admin: RestClient, prefix: string): Promise<RealtimeUser> {
  const username = uniqueName(prefix);
  const { status, body } = await admin.post('/api/v1/users.create', {
    username,
    email: `${username}@realtime.test`,
    name: `User ${username}`,
    password: PASSWORD,
    verified: true,
    joinDefaultChannels: false,
  });
  if (status !== 200) throw new Error(`users.create ${username}: ${status} ${JSON.stringify(body)}`);
  const api = await admin.as(undefined).login(username, PASSWORD);
  return { id: body.user._id, username, password: PASSWORD, api };
}

/** Opens a DDP connection to a gateway and logs `user` in by password. */
export async function connectAs(gatewayUrl: string, user: RealtimeUser, options: DdpClientOptions = {}): Promise<DdpClient> {
  const client = await DdpClient.connect(gatewayUrl, options);
  await client.login(user.username, user.password);
  return client;
}

/** Closes clients, ignoring those already gone. */
export async function closeAll(...clients: Array<DdpClient | undefined>): Promise<void> {
  await Promise.all(clients.filter((c) => c !== undefined).map((c) => c.close().catch(() => undefined)));
}
