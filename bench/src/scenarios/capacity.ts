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
  /** After the first half of the connections, settled. */
  gatewayRssHalfMb: number;
  gatewayRssAfterMb: number;
  /** (after − before) / connections: includes the gateway's one-time growth (its young generation grows to its maximum under the login burst). */
  rssPerConnectionKb: number;
  /** (after − half) / the second half's connections: what one more idle connection costs. */
  rssPerConnectionMarginalKb: number;
  /** V8's young generation (new space) of the gateway before, at half and after, MB (its /metrics). */
  newSpaceMb: [number, number, number];
}

/** The gateway's V8 new space as its Prometheus metrics report it, in MB. */
async function newSpaceMb(gatewayUrl: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('nodejs_heap_space_size_total_bytes{space="new"'));
  return line ? Math.round(Number(line.slice(line.lastIndexOf(' ') + 1)) / 1048576) : NaN;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Opens `count` idle authenticated DDP connections on a gateway instance started for this measurement (a
 * gateway that served the chat load keeps the heap it grew then, which would hide the connections' cost) and
 * measures its RSS per connection, in two halves: the first half's burst of logins also grows V8's young
 * generation to its maximum once (tens of MB whatever the count), so the second half's growth is what each
 * further idle connection costs.
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
  const url = `${gatewayUrl.replace(/^http/, 'ws')}/websocket`;
  const errors: string[] = [];
  const open = (from: number, to: number) =>
    mapLimit(
      Array.from({ length: to - from }, (_, i) => from + i),
      100,
      async (i) => {
        const client = new DdpLoadClient(url);
        try {
          await client.connect();
          await client.loginWithToken(population.users[i % population.users.length].authToken);
          return client;
        } catch (error) {
          errors.push((error as Error).message);
          client.close();
          return undefined;
        }
      },
    );
  const half = Math.floor(count / 2);
  const before = currentRssMb(pid);
  const newSpace = [await newSpaceMb(gatewayUrl)];
  const timed = async (from: number, to: number) => {
    const started = performance.now();
    const opened = await open(from, to);
    openSeconds += (performance.now() - started) / 1000;
    return opened;
  };
  let openSeconds = 0;
  const first = await timed(0, half);
  await settle(5_000);
  const middle = currentRssMb(pid);
  newSpace.push(await newSpaceMb(gatewayUrl));
  const second = await timed(half, count);
  await settle(5_000);
  const after = currentRssMb(pid);
  newSpace.push(await newSpaceMb(gatewayUrl));
  const clients = [...first, ...second];
  const established = clients.filter(Boolean).length;
  const establishedSecond = second.filter(Boolean).length;
  clients.forEach((c) => c?.close());
  await settle(2_000);
  const perConnectionKb = (mb: number, connections: number) => (connections ? Math.round(((mb * 1024) / connections) * 10) / 10 : 0);
  return {
    requested: count,
    established,
    failed: errors.length,
    firstError: errors[0],
    openSeconds: Math.round(openSeconds * 100) / 100,
    gatewayRssBeforeMb: before,
    gatewayRssHalfMb: middle,
    gatewayRssAfterMb: after,
    rssPerConnectionKb: perConnectionKb(after - before, established),
    rssPerConnectionMarginalKb: perConnectionKb(after - middle, establishedSecond),
    newSpaceMb: newSpace as [number, number, number],
  };
}
