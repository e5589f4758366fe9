import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { LocalNats } from '@rc/local-stack';
import { flushOncePerTurn } from '@rc/platform';

/** The socket writes of a connection: nats.js's transport `send`, counted. */
function countWrites(connection: NatsConnection): { count: number } {
  const transport = (connection as unknown as { protocol: { transport: { send(frame: Uint8Array): void } } }).protocol.transport;
  const send = transport.send.bind(transport);
  const writes = { count: 0 };
  transport.send = (frame) => {
    writes.count++;
    send(frame);
  };
  return writes;
}

function received(connection: NatsConnection, subject: string, expected: number): Promise<string[]> {
  const texts: string[] = [];
  return new Promise((resolve) => {
    connection.subscribe(subject, {
      callback: (_error, msg) => {
        texts.push(msg.string());
        if (texts.length === expected) resolve(texts);
      },
    });
  });
}

describe('flushOncePerTurn (a real nats-server)', () => {
  let nats: LocalNats;
  let subscriber: NatsConnection;

  beforeAll(async () => {
    nats = await LocalNats.start(mkdtempSync(join(tmpdir(), 'turn-flush-')));
    subscriber = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await subscriber.close();
    await nats.stop();
  });

  async function publisher(patched: boolean): Promise<NatsConnection> {
    const connection = await connect({ servers: nats.url });
    if (patched) flushOncePerTurn(connection);
    return connection;
  }

  /**
   * Three publishes from three callbacks of one turn, each ending its own microtask queue. Immediates, not 0-ms
   * timers: Node reads the clock for each timer, so on a busy machine three timers could straddle a millisecond and
   * fire in two turns (this test failed so once, 2026-12-06).
   */
  function publishFromThreeCallbacks(connection: NatsConnection, subject: string): Promise<void> {
    return new Promise((resolve) => {
      let left = 3;
      for (const n of [1, 2, 3]) {
        setImmediate(() => {
          connection.publish(subject, `m${n}`);
          if (--left === 0) resolve();
        });
      }
    });
  }

  it('writes the publishes of one turn at once, in order, where nats.js wrote once per callback', async () => {
    await subscriber.flush();
    const plain = await publisher(false);
    const turned = await publisher(true);
    const plainWrites = countWrites(plain);
    const turnedWrites = countWrites(turned);

    const plainArrived = received(subscriber, 'turn.plain', 3);
    const turnedArrived = received(subscriber, 'turn.once', 3);
    await subscriber.flush();
    await publishFromThreeCallbacks(plain, 'turn.plain');
    await publishFromThreeCallbacks(turned, 'turn.once');

    expect(await plainArrived).toEqual(['m1', 'm2', 'm3']);
    expect(await turnedArrived).toEqual(['m1', 'm2', 'm3']);
    expect(plainWrites.count).toBe(3);
    expect(turnedWrites.count).toBe(1);
    await plain.close();
    await turned.close();
  });

  it('still answers flush() once the server has what was published', async () => {
    const turned = await publisher(true);
    const arrived = received(subscriber, 'turn.flush', 2);
    await subscriber.flush();
    turned.publish('turn.flush', 'a');
    turned.publish('turn.flush', 'b');
    await turned.flush();
    expect(await arrived).toEqual(['a', 'b']);
    await turned.close();
  });

  it('writes what is pending before a close', async () => {
    const turned = await publisher(true);
    const arrived = received(subscriber, 'turn.close', 1);
    await subscriber.flush();
    turned.publish('turn.close', 'last words');
    await turned.close();
    expect(await arrived).toEqual(['last words']);
  });

  it('is applied once however often it is called', async () => {
    const turned = await publisher(true);
    flushOncePerTurn(turned);
    const writes = countWrites(turned);
    const arrived = received(subscriber, 'turn.twice', 3);
    await subscriber.flush();
    await publishFromThreeCallbacks(turned, 'turn.twice');
    expect(await arrived).toHaveLength(3);
    expect(writes.count).toBe(1);
    await turned.close();
  });
});
