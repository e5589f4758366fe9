import { describe, expect, it } from '@jest/globals';
import type { ClientNats } from '@nestjs/microservices';
import { NoRespondersError, RequestError, TimeoutError } from '@nats-io/transport-node';
import { DomainError, ErrorCode, as, defineRpc } from '@rc/contracts';
import { z } from 'zod';
import type { BaseConfig } from '../config/base-env.js';
import type { MetricsService } from '../metrics/metrics.service.js';
import { decodeEvent, encodeEvent } from './ejson-codec.js';
import { RpcClient } from './rpc-client.js';

const echo = defineRpc({ subject: 'test.echo', request: z.object({ text: z.string() }), response: as<{ text: string; at: Date }>() });

/** A NATS connection that answers every request with `answer` (or fails with it), recording what was sent. */
function clientAnswering(answer: (packet: { pattern: string; data: unknown; id: string }) => unknown) {
  const sent: Array<{ subject: string; packet: { pattern: string; data: unknown; id: string }; timeout: number }> = [];
  const connection = {
    request: (subject: string, data: string, options: { timeout: number }) => {
      const packet = decodeEvent<{ pattern: string; data: unknown; id: string }>(data);
      sent.push({ subject, packet, timeout: options.timeout });
      const reply = answer(packet);
      return reply instanceof Error ? Promise.reject(reply) : Promise.resolve({ string: () => encodeEvent(reply) });
    },
  };
  const nats = { connect: () => Promise.resolve(connection), unwrap: () => connection } as unknown as ClientNats;
  const outcomes: string[] = [];
  const metrics = {
    rpcClient: { startTimer: () => (labels: { outcome: string }) => outcomes.push(labels.outcome) },
  } as unknown as MetricsService;
  const rpc = new RpcClient(nats, { RPC_TIMEOUT_MS: 700 } as BaseConfig, metrics);
  return { rpc, sent, outcomes };
}

describe('RpcClient', () => {
  it("sends Nest's packet on the contract's subject and returns the handler's response, dates intact", async () => {
    const at = new Date('2026-12-07T06:00:00Z');
    const { rpc, sent, outcomes } = clientAnswering(({ data, id }) => ({ id, response: { ...(data as object), at }, isDisposed: true }));
    await expect(rpc.request(echo, { text: 'hi' })).resolves.toEqual({ text: 'hi', at });
    await rpc.request(echo, { text: 'again' }, { timeoutMs: 50 });
    expect(sent.map(({ subject, packet, timeout }) => [subject, packet.pattern, packet.data, timeout])).toEqual([
      ['test.echo', 'test.echo', { text: 'hi' }, 700],
      ['test.echo', 'test.echo', { text: 'again' }, 50],
    ]);
    // A request without an id would be taken for an event by Nest's server.
    expect(new Set(sent.map(({ packet }) => packet.id)).size).toBe(2);
    expect(outcomes).toEqual(['ok', 'ok']);
  });

  it('rethrows the DomainError the handler threw', async () => {
    const refused = new DomainError(ErrorCode.NotAllowed, 'Not allowed', { method: 'echo' }).toJSON();
    const { rpc, outcomes } = clientAnswering(({ id }) => ({ id, err: refused, isDisposed: true }));
    const error = await rpc.request(echo, { text: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: ErrorCode.NotAllowed, reason: 'Not allowed', details: { method: 'echo' } });
    expect(outcomes).toEqual([ErrorCode.NotAllowed]);
  });

  it('answers a timeout, no responders or a closed connection as the service being unavailable', async () => {
    for (const failure of [
      new TimeoutError(),
      new RequestError('no responders', { cause: new NoRespondersError('test.echo') }),
      new RequestError('connection closed'),
    ]) {
      const { rpc } = clientAnswering(() => failure);
      await expect(rpc.request(echo, { text: 'x' })).rejects.toMatchObject({ code: ErrorCode.ServiceUnavailable });
    }
  });

  it("answers a handler's unexpected failure as an internal error", async () => {
    const { rpc } = clientAnswering(({ id }) => ({
      id,
      err: 'There is no matching message handler defined in the remote service.',
      isDisposed: true,
    }));
    await expect(rpc.request(echo, { text: 'x' })).rejects.toMatchObject({ code: ErrorCode.Internal });
  });
});
