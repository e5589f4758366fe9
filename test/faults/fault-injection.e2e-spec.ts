import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DdpClient, type Frame } from '../support/ddp-client.js';
import type { RestClient } from '../support/rest-client.js';
import { useStack } from '../support/stack.js';
import { createUser, uniqueName, type RealtimeUser } from '../realtime/support/realtime-users.js';

const SEND_EVERY_MS = 300;
const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 2_000;
/** The longest a fault may take to heal before the suite gives up on it. */
const RECOVERY_LIMIT_MS = 80_000;
/** How long NATS is held down in the outage case (the supervisor would restart a crashed one at once). */
const NATS_OUTAGE_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sent {
  id: string;
  issuedAt: number;
  ackedAt?: number;
}

/**
 * One message at a time, each with its own `_id`, retried (same `_id`, backoff 250 ms … 2 s) until acknowledged,
 * then the next after SEND_EVERY_MS: a client's outbox, not a retry storm.
 */
class SteadySender {
  readonly sent: Sent[] = [];
  /** Every answer that was not an acknowledgement (a dropped connection has none). */
  readonly refusals: Array<{ id: string; status: number; body: unknown }> = [];
  private running = true;
  private loop?: Promise<void>;

  constructor(
    private readonly api: RestClient,
    private readonly rid: string,
  ) {}

  start(): void {
    this.loop = (async () => {
      for (let n = 0; this.running; n++) {
        await this.deliver({ id: `fault-${n}`, issuedAt: Date.now() });
        await sleep(SEND_EVERY_MS);
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  get acked(): Sent[] {
    return this.sent.filter((s) => s.ackedAt !== undefined);
  }

  private async deliver(message: Sent): Promise<void> {
    this.sent.push(message);
    for (let wait = RETRY_FIRST_MS; ; wait = Math.min(wait * 2, RETRY_MAX_MS)) {
      const response = await this.api
        .post('/api/v1/chat.sendMessage', { message: { _id: message.id, rid: this.rid, msg: message.id } })
        .catch(() => undefined);
      if (response?.status === 200) {
        message.ackedAt = Date.now();
        return;
      }
      if (response) this.refusals.push({ id: message.id, status: response.status, body: response.body });
      if (!this.running) return;
      await sleep(wait);
    }
  }
}

/** A member on DDP who reconnects when the socket drops and then catches up with loadHistory. */
class ResyncingMember {
  readonly live = new Map<string, number>();
  readonly resynced = new Set<string>();
  private client?: DdpClient;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly rid: string,
  ) {}

  async connect(): Promise<void> {
    for (;;) {
      try {
        const client = await DdpClient.connect(this.url, { timeoutMs: 5_000, onFrame: (frame) => this.see(frame) });
        await client.loginWithToken(this.token);
        await client.stream('room-messages', this.rid);
        this.client = client;
        void client.closed.then(() => {
          if (!this.stopped) void this.connect();
        });
        await this.resync();
        return;
      } catch {
        if (this.stopped) return;
        await sleep(500);
      }
    }
  }

  private see(frame: Frame): void {
    if (frame.msg !== 'changed' || frame.collection !== 'stream-room-messages') return;
    const id = (frame.fields as { args?: Array<{ _id?: string }> } | undefined)?.args?.[0]?._id;
    if (id && !this.live.has(id)) this.live.set(id, Date.now());
  }

  /** What a client does after a reconnection: reloads the room's latest messages. */
  async resync(): Promise<void> {
    const history = await this.client!.call<{ messages: Array<{ _id: string }> }>('loadHistory', this.rid, null, 1000, null);
    for (const message of history.messages) this.resynced.add(message._id);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client?.close().catch(() => undefined);
  }
}

interface Outcome {
  fault: string;
  /** When the fault was injected: its messages are those acknowledged from then until the next fault. */
  injectedAt: number;
  sendRecoverySeconds: number;
  deliveryRecoverySeconds: number;
  lost?: number;
  duplicates?: number;
}

/**
 * Faults under a steady load: one process at a time is SIGKILLed (core, accounts, authorization, presence, a
 * gateway, stream-hub, NATS, the database), and NATS is stopped for 5 s, while a member sends messages one after
 * the other with their own `_id`s, each retried until acknowledged, and another member listens on the other
 * gateway (reconnecting and resyncing with loadHistory). The stack supervises itself as `npm start` does, with
 * the database in a file as `npm start` keeps it. Every acknowledged message must be stored exactly once and
 * reach the listener; the time until sends and live deliveries work again is recorded.
 */
describe('fault injection under a steady load', () => {
  const supervisorLog: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'faults-'));
  const t = useStack({
    instances: { gateway: 2 },
    mongoFile: join(dir, 'db.mv'),
    supervise: { backoffMs: 200, log: (line) => supervisorLog.push(line) },
  });
  let sender: RealtimeUser;
  let listener: RealtimeUser;
  let rid: string;
  let load: SteadySender;
  let member: ResyncingMember;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    [sender, listener] = await Promise.all([createUser(t.admin, 'sender'), createUser(t.admin, 'listener')]);
    const created = await sender.api.post('/api/v1/groups.create', { name: uniqueName('faults'), members: [listener.username] });
    rid = (created.body as { group: { _id: string } }).group._id;
    member = new ResyncingMember(t.stack.gatewayUrl(1), listener.api.credentials!.authToken, rid);
    await member.connect();
    load = new SteadySender(sender.api, rid);
    load.start();
  });
  afterAll(async () => {
    await load?.stop();
    await member?.stop();
    console.log(
      [
        '| fault | sends work again after (s) | live delivery again after (s) | acknowledged lost | duplicates |',
        '| --- | --- | --- | --- | --- |',
      ]
        .concat(
          outcomes.map(
            (o) =>
              `| ${o.fault} | ${o.sendRecoverySeconds.toFixed(1)} | ${o.deliveryRecoverySeconds.toFixed(1)} | ${o.lost ?? '?'} | ${o.duplicates ?? '?'} |`,
          ),
        )
        .join('\n'),
    );
    rmSync(dir, { recursive: true, force: true });
  });

  /** Injects a fault and waits until a message issued after it is acknowledged and delivered live. */
  const injure = async (fault: string, inject: () => unknown) => {
    const killedAt = Date.now();
    const injury = Promise.resolve(inject());
    let sendRecovered: number | undefined;
    let deliveryRecovered: number | undefined;
    while (Date.now() - killedAt < RECOVERY_LIMIT_MS && (sendRecovered === undefined || deliveryRecovered === undefined)) {
      await sleep(100);
      const after = load.sent.filter((s) => s.ackedAt !== undefined && s.ackedAt > killedAt);
      sendRecovered ??= after.length > 0 ? Math.min(...after.map((s) => s.ackedAt!)) : undefined;
      const delivered = after.map((s) => member.live.get(s.id)).filter((at): at is number => at !== undefined);
      deliveryRecovered ??= delivered.length > 0 ? Math.min(...delivered) : undefined;
    }
    if (sendRecovered === undefined || deliveryRecovered === undefined) {
      throw new Error(`${fault}: not recovered within ${RECOVERY_LIMIT_MS} ms\n${supervisorLog.slice(-5).join('\n')}`);
    }
    await injury;
    outcomes.push({
      fault,
      injectedAt: killedAt,
      sendRecoverySeconds: (sendRecovered - killedAt) / 1000,
      deliveryRecoverySeconds: (deliveryRecovered - killedAt) / 1000,
    });
    // Let the supervisor finish bringing the process back before the next fault.
    await sleep(1_000);
  };

  const killApp =
    (app: 'core' | 'accounts' | 'authorization' | 'presence' | 'stream-hub' | 'gateway', index = 0) =>
    () => {
      const instance = t.stack.instances(app)[index];
      process.kill(instance.process.child.pid!, 'SIGKILL');
    };

  it.each([
    ['core', killApp('core')],
    ['accounts', killApp('accounts')],
    ['authorization', killApp('authorization')],
    ['presence', killApp('presence')],
    ['gateway (the listener’s)', killApp('gateway', 1)],
    ['stream-hub', killApp('stream-hub')],
    ['nats-server', () => process.kill(t.stack.nats!.pid!, 'SIGKILL')],
    ['nats-server stopped for 5 s', () => t.stack.stopNatsFor(NATS_OUTAGE_MS)],
    ['mongo-server (the local database, in its file)', () => process.kill(t.stack.mongo!.pid!, 'SIGKILL')],
  ])(
    'recovers from %s',
    async (fault, kill) => {
      await injure(fault, kill);
    },
    RECOVERY_LIMIT_MS + 30_000,
  );

  it('stored every acknowledged message exactly once, and the listener has every one', async () => {
    await load.stop();
    const acked = load.acked;
    expect(acked.length).toBeGreaterThan(20);
    await member.resync();
    // Read from the database itself: every copy counts, whatever an endpoint's page size.
    const db = await mongoose.createConnection(t.stack.mongoUrl).asPromise();
    const stored = (await db
      .collection('rocketchat_message')
      .find({ rid }, { projection: { _id: 1, msg: 1 } })
      .toArray()) as unknown as Array<{
      _id: string;
      msg: string;
    }>;
    await db.close();
    const texts = stored.filter((m) => typeof m.msg === 'string' && m.msg.startsWith('fault-')).map((m) => m.msg);
    const duplicates = texts.length - new Set(texts).size;
    const storedIds = new Set(stored.map((m) => m._id));
    const lost = acked.filter((s) => !storedIds.has(s.id));
    const unseen = acked.filter((s) => !member.live.has(s.id) && !member.resynced.has(s.id));
    // Each fault's share: the messages acknowledged from its injection until the next one.
    outcomes.forEach((outcome, i) => {
      const until = outcomes[i + 1]?.injectedAt ?? Infinity;
      const mine = acked.filter((s) => s.ackedAt! >= outcome.injectedAt && s.ackedAt! < until);
      const ids = new Set(mine.map((s) => s.id));
      outcome.lost = mine.filter((s) => !storedIds.has(s.id)).length;
      outcome.duplicates = texts.filter((text) => ids.has(text)).length - ids.size + outcome.lost;
    });
    console.log(`acknowledged ${acked.length}, lost ${lost.length}, duplicates ${duplicates}, unseen by the listener ${unseen.length}`);
    expect(lost).toEqual([]);
    expect(duplicates).toBe(0);
    expect(unseen).toEqual([]);
  }, 60_000);

  it('refused a send only as the service being unavailable for a moment (503), never as a server fault', () => {
    // NATS down or restarting, the database out of reach, no instance of a service: each says "retry later".
    expect(load.refusals.filter((refusal) => refusal.status !== 503)).toEqual([]);
    expect(load.refusals.length).toBeGreaterThan(0);
  });
});
