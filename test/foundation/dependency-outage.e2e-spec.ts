import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import { ADMIN, useStack } from '../support/stack.js';

const digest = (password: string) => ({ digest: createHash('sha256').update(password).digest('hex'), algorithm: 'sha-256' });

/** Rocket.Chat's envelope for a service that does not answer, with the wait before a retry. */
const expectUnavailable = (response: { status: number; body: unknown; headers: Headers }) => {
  expect(response.status).toBe(503);
  expect(response.body).toEqual({ success: false, error: 'Service Unavailable' });
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
};

/**
 * A dependency that does not answer is an outage, not the client's fault: REST answers 503 with
 * `Retry-After`, DDP a retryable Meteor error 503, and a login is never refused (401) because accounts is gone.
 */
describe('a service that does not answer', () => {
  const t = useStack();

  it('accounts gone: login is 503 (a wrong password stays the only 401), every authenticated request 503, DDP login a retryable 503', async () => {
    const wrong = await t.api.post('/api/v1/login', { user: 'admin', password: 'not-the-password' });
    expect(wrong.status).toBe(401);

    const [accounts] = t.stack.instances('accounts');
    await t.stack.remove(accounts, 'kill');
    try {
      expectUnavailable(await t.api.post('/api/v1/login', { user: 'admin', password: 'whatever' }));
      expectUnavailable(await t.admin.get('/api/v1/me'));

      const ddp = await DdpClient.connect(t.stack.gatewayUrl());
      const refused = await ddp
        .call<unknown>('login', { user: { username: 'admin' }, password: digest('whatever') })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DdpError);
      expect((refused as DdpError).error).toMatchObject({ error: 503, reason: 'Service Unavailable', details: { retryable: true } });
      await ddp.close();
    } finally {
      await t.stack.startInstance('accounts');
    }
    expect((await t.admin.get('/api/v1/me')).status).toBe(200);
  });

  it('core gone: a send is 503 over REST and a retryable 503 over DDP, and goes through once core is back', async () => {
    const ddp = await DdpClient.connect(t.stack.gatewayUrl());
    await ddp.call<unknown>('login', { user: { username: 'admin' }, password: digest(ADMIN.password) });
    const message = { _id: 'outage-probe-1', rid: 'GENERAL', msg: 'sent during a core outage' };

    const [core] = t.stack.instances('core');
    await t.stack.remove(core, 'kill');
    try {
      expectUnavailable(await t.admin.post('/api/v1/chat.sendMessage', { message }));
      const refused = await ddp.call<unknown>('sendMessage', message).catch((e: unknown) => e);
      expect((refused as DdpError).error).toMatchObject({ error: 503, details: { retryable: true } });
    } finally {
      await t.stack.startInstance('core');
    }
    // The client retries the same message (same _id) and it is stored.
    const retried = await ddp.call<{ _id: string }>('sendMessage', message);
    expect(retried._id).toBe(message._id);
    await ddp.close();
  });
});
