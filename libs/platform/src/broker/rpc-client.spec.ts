import { describe, expect, it } from '@jest/globals';
import type { ClientNats } from '@nestjs/microservices';
import { DomainError, ErrorCode, as, defineRpc } from '@rc/contracts';
import { z } from 'zod';
import type { BaseConfig } from '../config/base-env.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import { fakeNatsConnection, type FakeAnswer } from '../testing/fake-nats-connection.js';
import { decodeEvent, encodeEvent } from './ejson-codec.js';
import { RpcClient } from './rpc-client.js';

const echo = defineRpc({ subject: 'test.echo', request: z.object({ text: z.string() }), response: as<{ text: string; at: Date }>() });

type Packet = { pattern: string; data: unknown; id: string };

/** An RpcClient on a fake connection whose "service" answers each of Nest's packets with `answer`. */
function clientAnswering(answer: (packet: Packet) => FakeAnswer) {
  const nats = fakeNatsConnection((_subject, data) => answer(decodeEvent<Packet>(data)));
  const client = { connect: () => Promise.resolve(nats.connection), unwrap: () => nats.connection } as unknown as ClientNats;
  const outcomes: string[] = [];
  const metrics = {
    rpcClient: { startTimer: () => (labels: { outcome: string }) => outcomes.push(labels.outcome) },
  } as unknown as MetricsService;
  const rpc = new RpcClient(client, { RPC_TIMEOUT_MS: 700 } as BaseConfig, metrics);
  const sent = () => nats.published.map(({ subject, data }) => ({ subject, packet: decodeEvent<Packet>(data) }));
  return { rpc, sent, outcomes, nats };
}

/** What Nest's server publishes for a handler's result or failure. */
const nestReply = (body: Record<string, unknown>): FakeAnswer => ({ data: encodeEvent({ ...body, isDisposed: true }) });

describe('RpcClient', () => {
  it("sends Nest's packet on the contract's subject and returns the handler's response, dates intact", async () => {
    const at = new Date('2026-12-07T06:00:00Z');
    const { rpc, sent, outcomes } = clientAnswering(({ data, id }) => nestReply({ id, response: { ...(data as object), at } }));
    await expect(rpc.request(echo, { text: 'hi' })).resolves.toEqual({ text: 'hi', at });
    await rpc.request(echo, { text: 'again' });
    expect(sent().map(({ subject, packet }) => [subject, packet.pattern, packet.data])).toEqual([
      ['test.echo', 'test.echo', { text: 'hi' }],
      ['test.echo', 'test.echo', { text: 'again' }],
    ]);
    // A request without an id would be taken for an event by Nest's server.
    expect(new Set(sent().map(({ packet }) => packet.id)).size).toBe(2);
    expect(outcomes).toEqual(['ok', 'ok']);
  });

  it('rethrows the DomainError the handler threw', async () => {
    const refused = new DomainError(ErrorCode.NotAllowed, 'Not allowed', { method: 'echo' }).toJSON();
    const { rpc, outcomes } = clientAnswering(({ id }) => nestReply({ id, err: refused }));
    const error = await rpc.request(echo, { text: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: ErrorCode.NotAllowed, reason: 'Not allowed', details: { method: 'echo' } });
    expect(outcomes).toEqual([ErrorCode.NotAllowed]);
  });

  it('answers a timeout, no responders or a closed connection as the service being unavailable', async () => {
    const silent = clientAnswering(() => 'silence');
    await expect(silent.rpc.request(echo, { text: 'x' }, { timeoutMs: 20 })).rejects.toMatchObject({
      code: ErrorCode.ServiceUnavailable,
      reason: 'No answer to test.echo within 20 ms',
    });
    const unserved = clientAnswering(() => 'no responders');
    await expect(unserved.rpc.request(echo, { text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.ServiceUnavailable,
      reason: 'No instance answers test.echo',
    });
    const closing = clientAnswering(() => 'silence');
    const waiting = closing.rpc.request(echo, { text: 'x' });
    await new Promise((resolve) => setImmediate(resolve));
    closing.nats.close();
    await expect(waiting).rejects.toMatchObject({ code: ErrorCode.ServiceUnavailable });
  });

  it('answers a request made while NATS reconnects as the service being unavailable, at once', async () => {
    const nats = fakeNatsConnection(() => 'silence');
    const metrics = { rpcClient: { startTimer: () => () => undefined } } as unknown as MetricsService;
    // What Nest's ClientNats does from a disconnect until nats.js has reconnected: a bare string.
    const reconnecting = {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      connect: () => Promise.reject('Error: Connection lost. Trying to reconnect...'),
      unwrap: () => nats.connection,
    } as unknown as ClientNats;
    const rpc = new RpcClient(reconnecting, { RPC_TIMEOUT_MS: 60_000 } as BaseConfig, metrics);
    await expect(rpc.request(echo, { text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.ServiceUnavailable,
      reason: 'No connection to NATS',
    });
    expect(nats.published).toEqual([]);
  });

  it("answers a handler's unexpected failure as an internal error", async () => {
    const { rpc } = clientAnswering(({ id }) =>
      nestReply({ id, err: 'There is no matching message handler defined in the remote service.' }),
    );
    await expect(rpc.request(echo, { text: 'x' })).rejects.toMatchObject({ code: ErrorCode.Internal });
  });
});
