import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { Stack } from '@rc/local-stack';
import { RestBenchClient } from '../clients/rest-bench-client.js';
import { BENCH_ADMIN, BENCH_ENV } from '../scenarios/system.js';

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: Math.round(quantile(sorted, 0.5) * 10) / 10,
    p99: Math.round(quantile(sorted, 0.99) * 10) / 10,
    max: Math.round((sorted.at(-1) ?? NaN) * 10) / 10,
  };
};

/**
 * `node dist/bench/src/main.js push [members] [messages] [maxRoomMembers]`: what push fan-out adds to the send path,
 * and how fast pushes leave. A stack whose push gateway (`Push_gateway`) is an HTTP receiver in this process; two
 * rooms, one whose members have no device and one whose `members` offline members each have one (`push.token`).
 * Sends `messages` messages one after the other into each and reports the send round trip (chat.sendMessage,
 * p50/p99), message → receiver for every push, and pushes per second through the queue; then again paced (each
 * message once the previous one's pushes all arrived), for the fan-out latency without a backlog.
 *
 * The 1,000-member case (issue 18): `push 1000 10`. Rocket.Chat notifies plain messages in a room larger than
 * `Notifications_Max_Room_Members` (100 by default) only to those mentioned, so that room would send no push at all;
 * `maxRoomMembers` (default 0: no limit) is set before the run so that every member gets one, and with `100`
 * the run shows the default's cost instead (no pushes, the send path alone). Members are created 8 at a time.
 */
export async function measurePushFanout(members = 50, messages = 40, maxRoomMembers = 0) {
  const received = new Map<string, number[]>();
  let total = 0;
  const receiver = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const at = performance.now();
      const mid = (JSON.parse(text) as { options: { payload?: { messageId?: string } } }).options.payload?.messageId ?? '';
      received.set(mid, [...(received.get(mid) ?? []), at]);
      total++;
      response.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const stack = await Stack.start({ env: { ...BENCH_ENV, BCRYPT_ROUNDS: '4' } });
  try {
    const api = new RestBenchClient(stack.gatewayUrl());
    const admin = api.as(await api.login(BENCH_ADMIN.username, BENCH_ADMIN.password));
    await admin.post('settings/Push_gateway', { value: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}` });
    await admin.post('settings/Push_request_content_from_server', { value: false });
    await admin.post('settings/Notifications_Max_Room_Members', { value: maxRoomMembers });
    const names: string[] = [];
    const stamp = Date.now().toString(36);
    let next = 0;
    const createMembers = async () => {
      for (let i = next++; i < members; i = next++) {
        const username = `push-bench-${i}-${stamp}`;
        await admin.post('users.create', {
          username,
          email: `${username}@bench.local`,
          name: username,
          password: 'bench-user-pass',
          verified: true,
        });
        const member = api.as(await api.login(username, 'bench-user-pass'));
        await member.post('push.token', { type: 'gcm', value: `token-${username}`, appName: 'chat.rocket.android' });
        names.push(username);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, members) }, createMembers));
    // Pushes expected per message: none when the room is over the limit (plain messages notify only mentions).
    const perMessage = maxRoomMembers !== 0 && members > maxRoomMembers ? 0 : members;
    const withDevices = await admin.post<{ channel: { _id: string } }>('channels.create', {
      name: `push-bench-${Date.now()}`,
      members: names,
    });
    const withoutDevices = await admin.post<{ channel: { _id: string } }>('channels.create', { name: `push-bench-none-${Date.now()}` });

    const run = async (rid: string, expectPushes: number, paced = false) => {
      const sends: number[] = [];
      const fanout: number[] = [];
      const started = performance.now();
      const ids: Array<[string, number]> = [];
      for (let i = 0; i < messages; i++) {
        const t0 = performance.now();
        const { message } = await admin.post<{ message: { _id: string } }>('chat.sendMessage', { message: { rid, msg: `bench ${i}` } });
        sends.push(performance.now() - t0);
        ids.push([message._id, t0]);
        // Paced: the next message only once every push of this one arrived (fan-out without a queue backlog).
        while (paced && (received.get(message._id)?.length ?? 0) < expectPushes) await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const deadline = Date.now() + 120_000;
      while (expectPushes > 0 && ids.some(([mid]) => (received.get(mid)?.length ?? 0) < expectPushes) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      let last = started;
      for (const [mid, t0] of ids) {
        for (const at of received.get(mid) ?? []) {
          fanout.push(at - t0);
          last = Math.max(last, at);
        }
      }
      return {
        sendMs: summary(sends),
        ...(expectPushes > 0 && {
          messageToReceiverMs: summary(fanout),
          pushes: fanout.length,
          expected: messages * expectPushes,
          pushesPerSecond: Math.round((fanout.length / ((last - started) / 1000)) * 10) / 10,
        }),
      };
    };
    const baseline = await run(withoutDevices.channel._id, 0);
    const fanout = await run(withDevices.channel._id, perMessage);
    const paced = perMessage > 0 ? await run(withDevices.channel._id, perMessage, true) : undefined;
    return {
      members,
      messages,
      maxRoomMembers,
      pushesPerMessage: perMessage,
      load: Math.round(loadavg()[0] * 10) / 10,
      withoutDevices: baseline,
      withDevices: fanout,
      withDevicesPaced: paced,
      received: total,
    };
  } finally {
    await stack.stop();
    receiver.close();
  }
}
