import type { Stack } from '@rc/local-stack';
import { DdpLoadClient } from '../clients/ddp-load-client.js';
import { mapLimit } from '../measure/map-limit.js';
import { currentRssMb } from '../measure/process-stats.js';
import type { Population } from './system.js';

export interface CapacityResult {
  requested: number;
  established: number;
  failed: number;
  firstError?: string;
  openSeconds: number;
  gatewayRssBeforeMb: number;
  gatewayRssAfterMb: number;
  rssPerConnectionKb: number;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens `count` idle authenticated DDP connections on one gateway and measures its RSS per connection. */
export async function runCapacity(stack: Stack, population: Population, count: number): Promise<CapacityResult> {
  const gateway = stack.instances('gateway')[0];
  const pid = gateway.process.child.pid!;
  await settle(3_000);
  const before = currentRssMb(pid);
  const url = `${gateway.url.replace(/^http/, 'ws')}/websocket`;
  const started = performance.now();
  let failed = 0;
  let firstError: string | undefined;
  const clients = await mapLimit(Array.from({ length: count }, (_, i) => i), 100, async (i) => {
    const client = new DdpLoadClient(url);
    try {
      await client.connect();
      await client.loginWithToken(population.users[i % population.users.length].authToken);
      return client;
    } catch (error) {
      failed++;
      firstError ??= (error as Error).message;
      client.close();
      return undefined;
    }
  });
  const openSeconds = (performance.now() - started) / 1000;
  await settle(5_000);
  const after = currentRssMb(pid);
  const established = clients.filter(Boolean).length;
  clients.forEach((c) => c?.close());
  await settle(2_000);
  return {
    requested: count,
    established,
    failed,
    firstError,
    openSeconds: Math.round(openSeconds * 100) / 100,
    gatewayRssBeforeMb: before,
    gatewayRssAfterMb: after,
    rssPerConnectionKb: established ? Math.round(((after - before) * 1024) / established * 10) / 10 : 0,
  };
}
