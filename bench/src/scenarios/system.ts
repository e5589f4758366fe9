import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Stack, repoRoot } from '@rc/local-stack';
import { DdpLoadClient } from '../clients/ddp-load-client.js';
import { DdpFanoutClient } from '../clients/fanout-client.js';
import { RestBenchClient } from '../clients/rest-bench-client.js';
import { mapLimit } from '../measure/map-limit.js';
import type { FanoutRoom } from '../measure/fanout-run.js';
import type { BenchOptions } from '../options.js';

export const BENCH_ADMIN = { username: 'bench-admin', password: 'bench-admin-pass' };
export const USER_PASSWORD = 'bench-user-pass';

/**
 * The stack under test, started like `npm start` does (every app a process, real NATS and database) with
 * quiet logs and Rocket.Chat's bcrypt cost (10), so password logins cost what they cost in production.
 * Per-address login and registration throttles are off (0): the benchmark logs every user in from one address.
 */
export const BENCH_ENV: Record<string, string> = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  ADMIN_USERNAME: BENCH_ADMIN.username,
  ADMIN_PASS: BENCH_ADMIN.password,
  ADMIN_EMAIL: 'bench-admin@bench.local',
  BCRYPT_ROUNDS: '10',
  LOGIN_RATE_LIMIT_PER_IP: '0',
  OVERWRITE_SETTING_Rate_Limiter_Limit_RegisterUser: '0',
  LOGIN_FAILURES_PER_IP: '0',
};

export async function startSystem(options: BenchOptions, logDir: string): Promise<{ stack: Stack; admin: RestBenchClient }> {
  const stack = await Stack.start({
    natsUrl: options.natsUrl,
    mongoUrl: options.mongoUrl,
    mongoFile: options.database === 'file' ? join(logDir, 'database', 'db.mv') : undefined,
    env: BENCH_ENV,
    // The system `npm start` runs: live chat, VoIP and the apps engine too (each listens to some of a message's events).
    allFeatures: true,
    // Profiled apps write a V8 CPU profile on exit (`node --cpu-prof`), summarised into the report.
    nodeArgs: Object.fromEntries(options.profile.map((app) => [app, ['--cpu-prof', `--cpu-prof-dir=${profileDir(logDir, app)}`]])),
    logDir: join(logDir, 'stack'),
  });
  const api = new RestBenchClient(stack.gatewayUrl());
  const admin = api.as(await api.login(BENCH_ADMIN.username, BENCH_ADMIN.password));
  return { stack, admin };
}

export interface BenchUser {
  username: string;
  userId: string;
  authToken: string;
  room: number;
}

export interface Population {
  users: BenchUser[];
  rooms: Array<{ id: string; name: string }>;
}

const MAX_MEMBERS_PER_CALL = 1_000;

/** Creates the users (REST users.create), the rooms with their members (channels.create), and logs users in. */
export async function populate(admin: RestBenchClient, options: BenchOptions): Promise<Population> {
  const tag = randomBytes(3).toString('hex');
  const perRoom = options.users / options.rooms;
  const names = Array.from({ length: options.users }, (_, i) => `b${tag}u${i}`);
  await mapLimit(names, 8, (username) =>
    admin.post('users.create', { username, name: username, email: `${username}@bench.local`, password: USER_PASSWORD, verified: true }),
  );
  const rooms = await mapLimit(
    Array.from({ length: options.rooms }, (_, r) => r),
    4,
    async (r) => {
      const name = `b${tag}room${r}`;
      const members = names.slice(r * perRoom, (r + 1) * perRoom);
      // `channels.create` and `channels.invite` take at most 1,000 members each (the large room has 5,000).
      const { channel } = await admin.post<{ channel: { _id: string } }>('channels.create', {
        name,
        members: members.slice(0, MAX_MEMBERS_PER_CALL),
      });
      for (let from = MAX_MEMBERS_PER_CALL; from < members.length; from += MAX_MEMBERS_PER_CALL) {
        await admin.post('channels.invite', { roomId: channel._id, usernames: members.slice(from, from + MAX_MEMBERS_PER_CALL) });
      }
      return { id: channel._id, name };
    },
  );
  const api = new RestBenchClient(admin.baseUrl);
  const users = await mapLimit(names, 8, async (username, i) => {
    const { userId, authToken } = await api.login(username, USER_PASSWORD);
    return { username, userId, authToken, room: Math.floor(i / perRoom) };
  });
  return { users, rooms };
}

/**
 * Connects every user over DDP (resume login) to one of the gateways, watching its room (and, with `desktopListeners`,
 * its own desktop notifications).
 */
export async function connectUsers(
  gatewayUrls: string[],
  population: Population,
  { desktopListeners = false } = {},
): Promise<DdpFanoutClient[]> {
  return mapLimit(population.users, 50, async (user, i) => {
    // Members of a room alternate between gateways, and so do the rooms' first members (their senders at the
    // base rate): every gateway handles both sends and deliveries.
    const base = gatewayUrls[(i + user.room) % gatewayUrls.length].replace(/^http/, 'ws');
    const ddp = new DdpLoadClient(`${base}/websocket`);
    await ddp.connect();
    await ddp.loginWithToken(user.authToken);
    const client = new DdpFanoutClient(ddp);
    await client.watch(population.rooms[user.room].id);
    if (desktopListeners) await ddp.stream('stream-notify-user', `${user.userId}/notification`);
    return client;
  });
}

/** Groups the connected users by room. */
export function fanoutRooms(population: Population, clients: DdpFanoutClient[]): FanoutRoom[] {
  return population.rooms.map((room, r) => ({ id: room.id, members: clients.filter((_, i) => population.users[i].room === r) }));
}

export const logRoot = (stamp: string) => join(repoRoot, 'bench/results', stamp, 'logs');

export const profileDir = (logDir: string, app: string) => join(logDir, 'profiles', app);
