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

/**
 * Opens `count` idle authenticated DDP connections on a gateway instance started for this measurement (a
 * gateway that served the chat load keeps the heap it grew then, which would hide the connections' cost) and
 * measures its RSS per connection.
 */
export async function runCapacity(stack: Stack, population: Population, count: number): Promise<CapacityResult> {
  const gateway = await stack.startInstance('gateway');
  try {
    return await measure(gateway.url, gateway.process.child.pid!, population, count);
  } finally {
    await stack.remove(gateway);
  }
}

async function measure(gatewayUrl: string, pid: number, population: Population, count: number): Promise<CapacityResult> {
  await settle(3_000);
  const before = currentRssMb(pid);
  const url = `${gatewayUrl.replace(/^http/, 'ws')}/websocket`;
  const started = performance.now();
  let failed = 0;
  let firstError: string | undefined;
  const clients = await mapLimit(
    Array.from({ length: count }, (_, i) => i),
    100,
    async (i) => {
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
    },
  );
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
    rssPerConnectionKb: established ? Math.round((((after - before) * 1024) / established) * 10) / 10 : 0,
  };
}
