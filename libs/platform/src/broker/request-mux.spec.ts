import { describe, expect, it } from '@jest/globals';
import { ClosedConnectionError, NoRespondersError, TimeoutError } from '@nats-io/transport-node';
import { fakeNatsConnection } from '../testing/fake-nats-connection.js';
import { RequestMux } from './request-mux.js';

describe('RequestMux', () => {
  it('matches each reply to its request over one inbox subscription', async () => {
    const nats = fakeNatsConnection((subject, data) => ({ data: `${subject}:${data}` }));
    const mux = new RequestMux();
    const replies = await Promise.all(['a', 'b', 'c'].map((data) => mux.request(nats.connection, 'svc.echo', data, 1_000)));
    expect(replies.map((reply) => reply.string())).toEqual(['svc.echo:a', 'svc.echo:b', 'svc.echo:c']);
    expect(nats.subscriptions.size).toBe(1);
    expect(new Set(nats.published.map((p) => p.reply)).size).toBe(3);
    expect(mux.waiting).toBe(0);
  });

  it('fails a request nobody answers with a timeout, and ignores its reply if it comes later', async () => {
    const nats = fakeNatsConnection(() => 'silence');
    const mux = new RequestMux();
    await expect(mux.request(nats.connection, 'svc.slow', 'x', 20)).rejects.toBeInstanceOf(TimeoutError);
    nats.deliver(nats.published[0].reply!, 'late');
    expect(mux.waiting).toBe(0);
  });

  it("fails a request to a subject nobody serves with the server's no responders", async () => {
    const nats = fakeNatsConnection(() => 'no responders');
    await expect(new RequestMux().request(nats.connection, 'svc.none', 'x', 1_000)).rejects.toBeInstanceOf(NoRespondersError);
  });

  it('fails the requests in flight when the connection closes, and subscribes again on a new connection', async () => {
    const first = fakeNatsConnection(() => 'silence');
    const mux = new RequestMux();
    const waiting = mux.request(first.connection, 'svc.slow', 'x', 10_000);
    first.close();
    await expect(waiting).rejects.toBeInstanceOf(ClosedConnectionError);
    const second = fakeNatsConnection(() => ({ data: 'ok' }));
    await expect(mux.request(second.connection, 'svc.echo', 'y', 1_000).then((reply) => reply.string())).resolves.toBe('ok');
    expect(second.subscriptions.size).toBe(1);
  });
});
