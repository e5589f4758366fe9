import { describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { useStack } from '../support/stack.js';

const statusOf = async (url: string) => (await fetch(`${url}/ready`)).status;

describe('NATS outage', () => {
  const t = useStack();

  it('turns /ready to 503 within seconds, and back to 200 once NATS returns, without restarting apps', async () => {
    const instances = [...t.stack.apps.values()].flat();
    const pids = instances.map((i) => i.process.child.pid);
    await t.stack.nats!.stop();
    const stoppedAt = Date.now();

    await waitFor(async () => (await Promise.all(instances.map((i) => statusOf(i.url)))).every((s) => s === 503), {
      timeoutMs: 10_000,
      describe: () => 'every app to report 503',
    });
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);

    await t.stack.nats!.start();
    await waitFor(async () => (await Promise.all(instances.map((i) => statusOf(i.url)))).every((s) => s === 200), {
      timeoutMs: 15_000,
      describe: () => 'every app to report 200 again',
    });
    expect(instances.map((i) => i.process.child.pid)).toEqual(pids);
    expect(instances.every((i) => i.process.child.exitCode === null)).toBe(true);

    // Requests flow again through the reconnected connections.
    const { status, body } = await t.admin.get('/api/info');
    expect(status).toBe(200);
    expect(body.info).toBeDefined();
  });
});
