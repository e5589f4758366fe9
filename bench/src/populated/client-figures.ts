import { DdpLoadClient } from '../clients/ddp-load-client.js';
import { RestBenchClient } from '../clients/rest-bench-client.js';
import { LatencyRecorder, type LatencySummary } from '../measure/latency-recorder.js';
import { USER_PASSWORD } from '../scenarios/system.js';

/** One request after the other (nothing else running but what the caller left on), each timed as a client sees it. */
async function timed(count: number, call: (k: number) => Promise<void>): Promise<LatencySummary> {
  const recorder = new LatencyRecorder();
  for (let k = 0; k < count; k++) {
    const began = performance.now();
    await call(k);
    recorder.record(performance.now() - began);
  }
  return recorder.summary();
}

export async function ddpUser(gatewayUrl: string, token: string): Promise<DdpLoadClient> {
  const ddp = new DdpLoadClient(`${gatewayUrl.replace(/^http/, 'ws')}/websocket`);
  await ddp.connect();
  await ddp.loginWithToken(token);
  return ddp;
}

type History = { messages: unknown[] };

/** The calls that took longest, by their place in the sequence (0 is the first): cold reads come first. */
export type SlowestCalls = Array<{ call: number; ms: number }>;

/**
 * Meteor `loadHistory(rid, null, 50)`: the newest page, as a client asks when it opens the room. The same page every
 * call, so only the first reads it from the file; the slowest calls are reported by their place to tell a cold read
 * from a stall.
 */
export async function measureHistory(
  ddp: DdpLoadClient,
  rid: string,
  count: number,
): Promise<LatencySummary & { pageSize: number; slowest: SlowestCalls }> {
  let pageSize = 0;
  const calls: SlowestCalls = [];
  const summary = await timed(count, async (call) => {
    const began = performance.now();
    pageSize = (await ddp.call<History>('loadHistory', rid, null, 50, null)).messages.length;
    calls.push({ call, ms: Math.round((performance.now() - began) * 10) / 10 });
  });
  return { ...summary, pageSize, slowest: calls.sort((a, b) => b.ms - a.ms).slice(0, 3) };
}

/** REST `chat.syncMessages?roomId&lastUpdate`: what a mobile client asks for a room it had open an hour ago. */
export async function measureSyncMessages(
  gatewayUrl: string,
  auth: { userId: string; authToken: string },
  rid: string,
  count: number,
): Promise<LatencySummary & { updated: number }> {
  let updated = 0;
  const lastUpdate = new Date(Date.now() - 3_600_000).toISOString();
  const summary = await timed(count, async () => {
    const response = await fetch(`${gatewayUrl}/api/v1/chat.syncMessages?roomId=${rid}&lastUpdate=${lastUpdate}`, {
      headers: { 'x-user-id': auth.userId, 'x-auth-token': auth.authToken },
    });
    const body = (await response.json()) as { result?: { updated: unknown[] } };
    if (!response.ok) throw new Error(`chat.syncMessages → ${response.status} ${JSON.stringify(body)}`);
    updated = body.result?.updated.length ?? 0;
  });
  return { ...summary, updated };
}

/**
 * Opening a room, as Rocket.Chat's web client does: the room by name, then its newest page of history and its
 * message stream together, then marking it read. Timed from the first call to the last answer.
 */
export async function measureRoomOpen(
  ddp: DdpLoadClient,
  rooms: Array<{ id: string; name: string }>,
  count: number,
): Promise<LatencySummary> {
  return timed(count, async (k) => {
    const room = rooms[k % rooms.length];
    const rid = await ddp.call<string>('getRoomIdByNameOrId', room.name);
    await Promise.all([ddp.call('loadHistory', rid, null, 50, new Date(Date.now() - 3_600_000)), ddp.stream('stream-room-messages', rid)]);
    await ddp.call('readMessages', rid);
  });
}

/** REST password logins (bcrypt cost 10, as Rocket.Chat), one after the other. */
export async function measureLogin(gatewayUrl: string, usernames: string[]): Promise<LatencySummary> {
  const api = new RestBenchClient(gatewayUrl);
  return timed(usernames.length, async (k) => void (await api.login(usernames[k], USER_PASSWORD)));
}
