import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { Stack } from '@rc/local-stack';
import { DdpLoadClient } from '../clients/ddp-load-client.js';
import { RestBenchClient } from '../clients/rest-bench-client.js';
import { LatencyRecorder, type LatencySummary } from '../measure/latency-recorder.js';
import { mapLimit } from '../measure/map-limit.js';
import { BENCH_ADMIN, BENCH_ENV } from '../scenarios/system.js';

const PASSWORD = 'bench-hooks-pass';

/** Sends `count` requests with at most `concurrency` in flight; each one's latency recorded. */
async function timed(
  count: number,
  concurrency: number,
  one: (i: number) => Promise<void>,
): Promise<{ latency: LatencySummary; perSecond: number }> {
  const recorder = new LatencyRecorder();
  const started = performance.now();
  await mapLimit(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const t0 = performance.now();
      await one(i);
      recorder.record(performance.now() - t0);
    },
  );
  return { latency: recorder.summary(), perSecond: Math.round((count / ((performance.now() - started) / 1000)) * 10) / 10 };
}

/**
 * `node dist/bench/src/main.js webhooks [listeners=100] [posts=300] [concurrency=8]`: incoming webhook messages per
 * second into one room watched by `listeners` DDP clients (each post answered, and the time until every listener got
 * every message), then what one outgoing webhook on that room (a local receiver) adds to `chat.sendMessage`'s
 * latency. One stack, in-memory database, bcrypt cost 4 (logins are not what is measured).
 */
export async function measureWebhooks(listenerCount = 100, posts = 300, concurrency = 8) {
  const stack = await Stack.start({ env: { ...BENCH_ENV, BCRYPT_ROUNDS: '4', LOG_LEVEL: 'warn' } });
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  const listeners: DdpLoadClient[] = [];
  try {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const baseUrl = stack.gatewayUrl();
    const api = new RestBenchClient(baseUrl);
    const admin = api.as(await api.login(BENCH_ADMIN.username, BENCH_ADMIN.password));
    const name = `bench-hooks-${Date.now()}`;
    const usernames = Array.from({ length: listenerCount }, (_, i) => `${name}-u${i}`);
    await mapLimit(usernames, 8, (username) =>
      admin.post('users.create', { username, email: `${username}@bench.local`, name: username, password: PASSWORD, verified: true }),
    );
    const { channel } = await admin.post<{ channel: { _id: string } }>('channels.create', { name, members: usernames });
    const rid = channel._id;

    // The listeners: logged in over DDP, following the room's messages.
    let delivered = 0;
    let allDelivered: () => void = () => undefined;
    const expected = () => posts * listenerCount;
    await mapLimit(usernames, 8, async (username) => {
      const { authToken } = await api.login(username, PASSWORD);
      const client = new DdpLoadClient(`${baseUrl.replace(/^http/, 'ws')}/websocket`);
      await client.connect();
      await client.loginWithToken(authToken);
      client.onStream = (collection, _eventName, args) => {
        const message = args[0] as { msg?: string } | undefined;
        if (collection === 'stream-room-messages' && message?.msg?.startsWith('hook ') && ++delivered === expected()) allDelivered();
      };
      await client.stream('stream-room-messages', rid);
      listeners.push(client);
    });
    const everyone = new Promise<void>((resolve) => (allDelivered = resolve));

    const { integration } = await admin.post<{ integration: { _id: string; token: string } }>('integrations.create', {
      type: 'webhook-incoming',
      name,
      enabled: true,
      username: BENCH_ADMIN.username,
      channel: `#${name}`,
      scriptEnabled: false,
    });
    const hookUrl = `${baseUrl}/hooks/${integration._id}/${integration.token}`;
    const started = performance.now();
    const incoming = await timed(posts, concurrency, async (i) => {
      const response = await fetch(hookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `hook ${i}` }),
      });
      if (!response.ok) throw new Error(`hook answered ${response.status}: ${await response.text()}`);
    });
    await Promise.race([everyone, new Promise((resolve) => setTimeout(resolve, 60_000))]);
    const deliveredSeconds = (performance.now() - started) / 1000;

    // The send path, without and then with an outgoing webhook on the room.
    const send = (i: number, label: string) =>
      admin.post('chat.sendMessage', { message: { rid, msg: `${label} ${i}` } }).then(() => undefined);
    const sendCount = Math.min(posts, 200);
    const sendConcurrency = 4;
    const withoutHook = await timed(sendCount, sendConcurrency, (i) => send(i, 'plain'));
    await admin.post('settings/Integrations_Allow_Private_Addresses', { value: true });
    await admin.post('integrations.create', {
      type: 'webhook-outgoing',
      name: `${name}-out`,
      enabled: true,
      event: 'sendMessage',
      username: BENCH_ADMIN.username,
      channel: `#${name}`,
      urls: [receiverUrl],
      scriptEnabled: false,
    });
    const withHook = await timed(sendCount, sendConcurrency, (i) => send(i, 'hooked'));

    const result = {
      listeners: listenerCount,
      posts,
      concurrency,
      load: Math.round(loadavg()[0] * 10) / 10,
      incomingPostsPerSecond: incoming.perSecond,
      incomingPostLatencyMs: incoming.latency,
      deliveries: `${delivered} / ${expected()}`,
      deliveredMessagesPerSecond: Math.round((posts / deliveredSeconds) * 10) / 10,
      sendMessageWithoutOutgoingMs: withoutHook.latency,
      sendMessageWithOutgoingMs: withHook.latency,
    };
    console.log(JSON.stringify(result, null, 2));
    return result;
  } finally {
    listeners.forEach((client) => client.close());
    receiver.close();
    await stack.stop();
  }
}
