import { Stack } from '@rc/local-stack';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { DdpLoadClient } from '../clients/ddp-load-client.js';
import { RestBenchClient } from '../clients/rest-bench-client.js';
import { LatencyRecorder, type LatencySummary } from '../measure/latency-recorder.js';
import { mapLimit } from '../measure/map-limit.js';
import { BENCH_ADMIN, BENCH_ENV } from '../scenarios/system.js';

const PASSWORD = 'bench-livechat-pass';

async function visitorGet<T>(baseUrl: string, path: string, query: Record<string, string>): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1/${path}?${new URLSearchParams(query).toString()}`);
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${path} → ${response.status} ${JSON.stringify(json)}`);
  return json;
}

export interface LivechatRoutingResult {
  agents: number;
  visitors: number;
  omnichannelInstances: number;
  arrivalSeconds: number;
  /** Rooms served at the end (every visitor served concurrently: no chat limit). */
  servedConcurrently: number;
  /** Rooms with other than exactly one agent subscription and one join message (0: each routed exactly once). */
  routedOtherThanOnce: number;
  /** Inquiry queued → taken, from the inquiries' own timestamps (server side). */
  routing: LatencySummary;
  /** `GET livechat/room` (the room opened, queued and routed) as the visitor sees it. */
  openRoom: LatencySummary;
  /**
   * The widget's time to first message: registration, room, its DDP stream subscribed (visitor token), the
   * message sent, until it comes back on `stream-room-messages` (what the widget shows).
   */
  timeToFirstMessage: LatencySummary;
  /** Inquiries other than exactly one per room, taken once (0 with `exactlyOnce`). */
  inquiriesOtherThanOnce: number;
  /** Every room served by one agent, its one inquiry taken once: asserted (the run fails otherwise). */
  exactlyOnce: boolean;
  /** Rocket.Chat 7 contacts created for the visitors' chats (one each). */
  contacts: number;
  /** The machine's 1-minute load average: at the start, the highest seen during the run, at the end. */
  loadAverage: { start: number; max: number; end: number };
  /** Visitors whose steps failed (errors are counted, not thrown, so a run always reports). */
  failedVisitors: number;
}

/**
 * `node dist/bench/src/main.js livechat-routing [agents=100] [visitors=1000] [seconds=60] [instances=2]`: `agents`
 * agents connected over DDP and available (Auto_Selection, no chat limit), `visitors` visitors arriving evenly over
 * `seconds`, each registering, opening a room and writing its first message through the widget's calls and
 * stream; two omnichannel instances route concurrently. Reports the routing time (inquiry queued → taken)
 * p50/p99, how many chats were served at once, the widget's time to first message, the load average, and
 * whether each inquiry was routed exactly once (asserted by `main.ts`: the run exits non-zero otherwise).
 */
export async function measureLivechatRouting(
  agentCount = 100,
  visitorCount = 1000,
  arrivalSeconds = 60,
  instances = 2,
): Promise<LivechatRoutingResult> {
  const stack = await Stack.start({
    env: { ...BENCH_ENV, BCRYPT_ROUNDS: '4', LOG_LEVEL: 'warn' },
    instances: { omnichannel: instances },
  });
  const clients: DdpLoadClient[] = [];
  const loadStart = loadavg()[0];
  let loadMax = loadStart;
  const loadSampler = setInterval(() => (loadMax = Math.max(loadMax, loadavg()[0])), 1000);
  const db = await mongoose.createConnection(stack.mongoUrl).asPromise();
  try {
    const baseUrl = stack.gatewayUrl();
    const api = new RestBenchClient(baseUrl);
    const admin = api.as(await api.login(BENCH_ADMIN.username, BENCH_ADMIN.password));
    await admin.post('settings/Livechat_Routing_Method', { value: 'Auto_Selection' });
    await admin.post('settings/Livechat_maximum_chats_per_agent', { value: 0 });
    const prefix = `lc-${Date.now()}`;
    const usernames = Array.from({ length: agentCount }, (_, i) => `${prefix}-a${i}`);
    await mapLimit(usernames, 8, async (username) => {
      await admin.post('users.create', { username, email: `${username}@bench.local`, name: username, password: PASSWORD, verified: true });
      await admin.post('livechat/users/agent', { username });
      const auth = await api.login(username, PASSWORD);
      const client = new DdpLoadClient(`${baseUrl.replace(/^http/, 'ws')}/websocket`);
      await client.connect();
      await client.loginWithToken(auth.authToken);
      clients.push(client);
      await api.as(auth).post('livechat/agent.status', { status: 'available' });
    });

    const openRoom = new LatencyRecorder();
    const firstMessage = new LatencyRecorder();
    const rids: string[] = [];
    let failedVisitors = 0;
    const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/websocket`;
    const gapMs = (arrivalSeconds * 1000) / visitorCount;
    const started = performance.now();
    await mapLimit(
      Array.from({ length: visitorCount }, (_, i) => i),
      256,
      async (i) => {
        const wait = started + i * gapMs - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const widget = new DdpLoadClient(wsUrl);
        try {
          const token = randomBytes(16).toString('hex');
          const opened = performance.now();
          await api.post('livechat/visitor', { visitor: { token, name: `Visitor ${i}` } });
          const t0 = performance.now();
          const { room } = await visitorGet<{ room: { _id: string } }>(baseUrl, 'livechat/room', { token });
          openRoom.record(performance.now() - t0);
          rids.push(room._id);
          // The widget: its stream of the room with the visitor token, then the first message until it is shown.
          await widget.connect();
          const msgId = randomBytes(9).toString('hex');
          const shown = new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('first message not shown within 60 s')), 60_000);
            widget.onStream = (_collection, _event, args) => {
              if (args.some((m) => (m as { _id?: string } | undefined)?._id === msgId)) {
                clearTimeout(timer);
                resolve();
              }
            };
          });
          await widget.subscribe('stream-room-messages', room._id, { useCollection: false, args: [{ token, visitorToken: token }] });
          await api.post('livechat/message', { token, rid: room._id, _id: msgId, msg: `Hello from visitor ${i}` });
          await shown;
          firstMessage.record(performance.now() - opened);
        } catch (error) {
          failedVisitors += 1;
          if (failedVisitors <= 5) console.error(`visitor ${i}: ${(error as Error).message}`);
        } finally {
          widget.close();
        }
      },
    );
    const rooms = db.collection('rocketchat_room');
    const deadline = Date.now() + 120_000;
    while (
      (await rooms.countDocuments({ _id: { $in: rids as never[] }, servedBy: { $exists: true } })) < rids.length &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const routing = new LatencyRecorder();
    for (const inquiry of await db
      .collection('rocketchat_livechat_inquiry')
      .find({ rid: { $in: rids } })
      .toArray()) {
      if (inquiry.takenAt) routing.record((inquiry.takenAt as Date).getTime() - (inquiry.queuedAt as Date).getTime());
    }
    const perRoom = async (collection: string, filter: object) =>
      new Map(
        (
          await db
            .collection(collection)
            .aggregate<{ _id: string; n: number }>([
              { $match: { rid: { $in: rids }, ...filter } },
              { $group: { _id: '$rid', n: { $sum: 1 } } },
            ])
            .toArray()
        ).map((g) => [g._id, g.n]),
      );
    const subscriptions = await perRoom('rocketchat_subscription', {});
    const joins = await perRoom('rocketchat_message', { t: 'uj' });
    const taken = await perRoom('rocketchat_livechat_inquiry', { status: 'taken', takenAt: { $exists: true } });
    const inquiries = await perRoom('rocketchat_livechat_inquiry', {});
    const routedOtherThanOnce = rids.filter((rid) => subscriptions.get(rid) !== 1 || joins.get(rid) !== 1).length;
    const inquiriesOtherThanOnce = rids.filter((rid) => inquiries.get(rid) !== 1 || taken.get(rid) !== 1).length;
    clearInterval(loadSampler);
    return {
      agents: agentCount,
      visitors: visitorCount,
      omnichannelInstances: instances,
      arrivalSeconds,
      servedConcurrently: await rooms.countDocuments({ _id: { $in: rids as never[] }, open: true, servedBy: { $exists: true } }),
      routedOtherThanOnce,
      routing: routing.summary(),
      openRoom: openRoom.summary(),
      timeToFirstMessage: firstMessage.summary(),
      inquiriesOtherThanOnce,
      exactlyOnce: rids.length === visitorCount && routedOtherThanOnce === 0 && inquiriesOtherThanOnce === 0,
      contacts: await db.collection('rocketchat_livechat_contact').countDocuments({ 'channels.lastChat._id': { $in: rids } }),
      loadAverage: { start: loadStart, max: loadMax, end: loadavg()[0] },
      failedVisitors,
    };
  } finally {
    clearInterval(loadSampler);
    for (const client of clients) client.close();
    await db.close();
    await stack.stop();
  }
}
