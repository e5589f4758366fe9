import type { Stack } from '@rc/local-stack';
import type { RestBenchClient } from '../clients/rest-bench-client.js';
import { difference, scrape, type ComponentTiming } from '../measure/component-time.js';
import { runFanout, type FanoutResult } from '../measure/fanout-run.js';
import { ProcessSampler, type ProcessUsage } from '../measure/process-stats.js';
import type { BenchOptions } from '../options.js';
import { stackProcesses } from './chat-load.js';
import { connectUsers, fanoutRooms, populate } from './system.js';

export interface LargeRoomRun {
  members: number;
  fanout: FanoutResult;
  processes: ProcessUsage[];
  /** CPU seconds of every process over the messages acknowledged, in ms. */
  cpuMsPerMessage: number;
  /** `messages.send` as core served it and as the gateway waited for it (mean ms), from /metrics. */
  coreSendMs?: number;
  gatewaySendMs?: number;
  components: ComponentTiming[];
}

export interface LargeRoomResult {
  rate: number;
  durationSeconds: number;
  /** The same load into a room of 20: the sender's `sendMessage` latency must not grow with the room. */
  small: LargeRoomRun;
  large: LargeRoomRun;
}

const SMALL_ROOM = 20;

/**
 * Issue 23's large room: one room of `--large-room-members` members (default 5,000) at `--large-room-rate`
 * messages/s (default 10), every member connected over DDP and watching it, so every member gets every message;
 * then the same rate into a room of 20. Reported: deliveries, their p50/p99 from the scheduled send, and the
 * sender's `sendMessage` answer time beside the small room's.
 */
export async function runLargeRoom(stack: Stack, admin: RestBenchClient, options: BenchOptions): Promise<LargeRoomResult> {
  const rate = options.largeRoomRate;
  const run = async (members: number, tag: string): Promise<LargeRoomRun> => {
    console.log(`[bench] large-room: ${members} members, creating and connecting them…`);
    const population = await populate(admin, { ...options, users: members, rooms: 1 });
    const clients = await connectUsers([stack.gatewayUrl()], population);
    try {
      const rooms = fanoutRooms(population, clients);
      // A few seconds at the rate first: caches and JIT, as the chat load's warm-up.
      await runFanout(rooms, rate, 3, `${tag}w`);
      const instanceUrls = [...stack.apps.values()].flat().map((i) => i.url);
      const before = await scrape(instanceUrls);
      const sampler = new ProcessSampler(stackProcesses(stack));
      sampler.start();
      const fanout = await runFanout(rooms, rate, options.duration, tag);
      const processes = sampler.stop();
      const components = difference(before, await scrape(instanceUrls));
      const send = (app: string, metric: ComponentTiming['metric']) =>
        components.find((c) => c.app === app && c.metric === metric && c.what === 'messages.send')?.meanMs;
      const cpuSeconds = processes.reduce((sum, p) => sum + p.cpuSeconds, 0);
      return {
        members,
        fanout,
        processes,
        cpuMsPerMessage: Math.round((cpuSeconds * 1000 * 100) / Math.max(1, fanout.acknowledged)) / 100,
        coreSendMs: send('core', 'rpc_server'),
        gatewaySendMs: send('gateway', 'rpc_client'),
        components,
      };
    } finally {
      clients.forEach((c) => c.close());
    }
  };
  const small = await run(SMALL_ROOM, 'ls');
  const large = await run(options.largeRoomMembers, 'll');
  return { rate, durationSeconds: options.duration, small, large };
}
