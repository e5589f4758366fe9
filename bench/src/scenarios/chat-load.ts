import type { Stack } from '@rc/local-stack';
import { difference, scrape, type ComponentTiming } from '../measure/component-time.js';
import { runFanout, type FanoutResult } from '../measure/fanout-run.js';
import { ProcessSampler, type ProcessUsage } from '../measure/process-stats.js';
import type { BenchOptions } from '../options.js';
import type { LoadSession } from './load-session.js';
import { connectUsers, fanoutRooms, type Population } from './system.js';

export interface ChatResult {
  gateways: number;
  connectSeconds: number;
  fanout: FanoutResult;
  processes: ProcessUsage[];
  /** Where the time went during the measured period, from the apps' /metrics. */
  components: ComponentTiming[];
  /**
   * The first seconds after the users connected (the warm-up, left out of `fanout`): what a load without warm-up
   * also counts — JIT compilation, caches filling, the first user-role lookups.
   */
  coldStart: { seconds: number; latencyMs: FanoutResult['latencyMs'] };
}

/** Every process of the stack, for CPU and memory accounting. */
export function stackProcesses(stack: Stack): Array<{ name: string; pid: number }> {
  const apps = [...stack.apps.values()].flat().map((i) => ({ name: i.instanceId, pid: i.process.child.pid! }));
  const infra = [
    stack.nats?.pid && { name: 'nats-server', pid: stack.nats.pid },
    stack.mongo?.pid && { name: 'mongo-server', pid: stack.mongo.pid },
  ].filter(Boolean) as Array<{ name: string; pid: number }>;
  return [...apps, ...infra, { name: 'load-generator', pid: process.pid }];
}

/** Seconds of load before the measured runs, at the first run's rate (reported apart as the cold start). */
const WARM_UP_SECONDS = 5;

/** The chat load: every user connected over DDP (resume login) to the gateways given, watching its room. */
export async function openChatSession(
  stack: Stack,
  population: Population,
  options: BenchOptions,
  gatewayUrls: string[],
): Promise<LoadSession<ChatResult>> {
  const connectStarted = performance.now();
  const clients = await connectUsers(gatewayUrls, population);
  const connectSeconds = Math.round((performance.now() - connectStarted) / 10) / 100;
  const rooms = fanoutRooms(population, clients);
  const sendersPerRoom = Math.max(1, Math.round(options.senders / options.rooms));
  const warmUp = await runFanout(rooms, options.rate, WARM_UP_SECONDS, `w${gatewayUrls.length}`, sendersPerRoom);
  const coldStart = { seconds: WARM_UP_SECONDS, latencyMs: warmUp.latencyMs };
  return {
    async run(rate, duration, tag) {
      const instanceUrls = [...stack.apps.values()].flat().map((i) => i.url);
      const before = await scrape(instanceUrls);
      const sampler = new ProcessSampler(stackProcesses(stack));
      sampler.start();
      const fanout = await runFanout(rooms, rate, duration, tag, sendersPerRoom);
      const processes = sampler.stop();
      const components = difference(before, await scrape(instanceUrls));
      return { gateways: gatewayUrls.length, connectSeconds, fanout, processes, components, coldStart };
    },
    close() {
      clients.forEach((c) => c.close());
    },
  };
}
