import { describe, expect, it } from '@jest/globals';
import { useStack } from '../support/stack.js';
import { requestsHandled } from '../support/health.js';

describe('queue groups', () => {
  const t = useStack({ instances: { accounts: 2 } });

  it('shares the requests of one service between its instances', async () => {
    const [a, b] = t.stack.instances('accounts');
    const before = [await requestsHandled(a.url), await requestsHandled(b.url)];
    // Every authenticated call asks accounts to verify the token.
    const responses = await Promise.all(Array.from({ length: 60 }, () => t.admin.get('/api/v1/me')));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    const served = [(await requestsHandled(a.url)) - before[0], (await requestsHandled(b.url)) - before[1]];
    expect(served[0] + served[1]).toBeGreaterThanOrEqual(60);
    expect(served[0]).toBeGreaterThan(5);
    expect(served[1]).toBeGreaterThan(5);
  });

  it('keeps serving when one instance leaves', async () => {
    const [a] = t.stack.instances('accounts');
    await t.stack.remove(a, 'stop');
    const responses = await Promise.all(Array.from({ length: 10 }, () => t.admin.get('/api/v1/me')));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
  });
});
