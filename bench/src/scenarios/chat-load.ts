import type { Stack } from '@rc/local-stack';
import { cpus, loadavg } from 'node:os';
import { projectCeilings, type ProjectedCeilings } from '../measure/ceiling.js';
import { difference, scrape, type ComponentTiming } from '../measure/component-time.js';
import { monotonicUs, type ClockWindow } from '../measure/cpu-profile.js';
import { countDatabaseCommands, type DatabaseCommandCost, type DatabaseDurability } from '../measure/database-commands.js';
import { runFanout, type FanoutResult } from '../measure/fanout-run.js';
import type { DdpFanoutClient } from '../clients/fanout-client.js';
import {
  ProcessSampler,
  type CpuTimeline,
  type MachineTimeline,
  type ProcessUsage,
  type SampledProcess,
} from '../measure/process-stats.js';
import { measureWakeCostBeforeRun, type WakeCost } from '../measure/wake-cost.js';
import type { BenchOptions } from '../options.js';
import type { LoadSession } from './load-session.js';
import { connectUsers, fanoutRooms, type Population } from './system.js';

export interface ChatResult {
  gateways: number;
  connectSeconds: number;
  /** How long the system took to answer promptly again after the users connected (their presence updates). */
  settleSeconds: number;
  fanout: FanoutResult;
  processes: ProcessUsage[];
  /** The rates at which a thread, or this machine, would be busy all the time at this run's cost per message. */
  ceilings?: ProjectedCeilings;
  /** The span `processes` covers (the run and the wait for its last deliveries), on the clock of the apps' CPU profiles. */
  window: ClockWindow;
  /** Each process's CPU in each second of the run. */
  cpuTimeline: CpuTimeline;
  machineTimeline: MachineTimeline;
  /** Where the time went during the measured period, from the apps' /metrics. */
  components: ComponentTiming[];
  /**
   * The first seconds after the users connected (the warm-up, left out of `fanout`): what a load without warm-up
   * also counts — JIT compilation, caches filling, the first user-role lookups.
   */
  coldStart: { seconds: number; latencyMs: FanoutResult['latencyMs'] };
  /**
   * The stack's CPU with every user connected and nothing sent (after the warm-up): what a message rate does not
   * cause — timers, keep-alives, sweeps — and what spreads over fewer messages at a low rate.
   */
  idle: { seconds: number; processes: ProcessUsage[] };
  /** The local database's commands per acknowledged message, by kind (none against a real MongoDB). */
  databaseCommands?: DatabaseCommandCost[];
  /** The file database's durable writes over the run (`--database file`). */
  databaseDurability?: DatabaseDurability;
  /** What a wake-up cost the machine just before the run (back to back, and after 5 ms asleep). */
  wakeCost?: WakeCost[];
  /** The machine's load average (1, 5, 15 min) at the end of the measured run: the machine is shared. */
  loadAverage?: number[];
}

/** Every process of the stack, for CPU and memory accounting; the local database's threads followed too. */
export function stackProcesses(stack: Stack): SampledProcess[] {
  const apps = [...stack.apps.values()].flat().map((i) => ({ name: i.instanceId, pid: i.process.child.pid! }));
  const infra = [
    stack.nats?.pid && { name: 'nats-server', pid: stack.nats.pid },
    stack.mongo?.pid && { name: 'mongo-server', pid: stack.mongo.pid, threads: true },
  ].filter(Boolean) as SampledProcess[];
  return [...apps, ...infra, { name: 'load-generator', pid: process.pid }];
}

/** Seconds of the idle sample after the warm-up. */
const IDLE_SECONDS = 10;

/**
 * Connecting a thousand users sets off a burst of work behind the connections (presence: each user's status and
 * session written, and announced): a cheap request (a room's id by name) is asked once a second until five in a
 * row answer within 100 ms (at most 2 minutes), so the warm-up and the measured runs start on a settled system.
 */
async function waitUntilQuiet(client: DdpFanoutClient, roomName: string): Promise<number> {
  const began = performance.now();
  let quick = 0;
  while (quick < 5 && performance.now() - began < 120_000) {
    const asked = performance.now();
    await client.ddp.call('getRoomIdByNameOrId', roomName);
    quick = performance.now() - asked < 100 ? quick + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return Math.round((performance.now() - began) / 100) / 10;
}

async function sampleIdle(stack: Stack, seconds: number): Promise<ProcessUsage[]> {
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // the warm-up's trailing work (member work, its record)
  const sampler = new ProcessSampler(stackProcesses(stack));
  sampler.start();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  return sampler.stop();
}

/** The chat load: every user connected over DDP (resume login) to the gateways given, watching its room. */
export async function openChatSession(
  stack: Stack,
  population: Population,
  options: BenchOptions,
  gatewayUrls: string[],
): Promise<LoadSession<ChatResult>> {
  const connectStarted = performance.now();
  const clients = await connectUsers(gatewayUrls, population, { desktopListeners: options.desktopListeners });
  const connectSeconds = Math.round((performance.now() - connectStarted) / 10) / 100;
  const rooms = fanoutRooms(population, clients);
  const settleSeconds = await waitUntilQuiet(clients[0], population.rooms[0].name);
  const sendersPerRoom = Math.max(1, Math.round(options.senders / options.rooms));
  const warmUp = await runFanout(rooms, options.rate, options.warmUpSeconds, `w${gatewayUrls.length}`, sendersPerRoom);
  const coldStart = { seconds: options.warmUpSeconds, latencyMs: warmUp.latencyMs };
  const idle = { seconds: IDLE_SECONDS, processes: await sampleIdle(stack, IDLE_SECONDS) };
  return {
    async run(rate, duration, tag, leadInSeconds) {
      const wakeCost = await measureWakeCostBeforeRun();
      const instanceUrls = [...stack.apps.values()].flat().map((i) => i.url);
      const before = await scrape(instanceUrls);
      const commands = stack.mongo ? await countDatabaseCommands(stack.mongoUrl) : undefined;
      const sampler = new ProcessSampler(stackProcesses(stack));
      sampler.start();
      const window = { fromUs: monotonicUs(), toUs: 0 };
      const fanout = await runFanout(rooms, rate, duration, tag, sendersPerRoom, leadInSeconds);
      const processes = sampler.stop();
      window.toUs = monotonicUs();
      const components = difference(before, await scrape(instanceUrls));
      const database = await commands?.read(fanout.acknowledged);
      await commands?.close();
      const loadAverage = loadavg().map((l) => Math.round(l * 100) / 100);
      return {
        gateways: gatewayUrls.length,
        connectSeconds,
        settleSeconds,
        fanout,
        processes,
        ceilings: projectCeilings(processes, fanout.acknowledged, cpus().length),
        window,
        cpuTimeline: sampler.timeline(),
        machineTimeline: sampler.machineTimeline(),
        components,
        coldStart,
        idle,
        databaseCommands: database?.commands,
        databaseDurability: database?.durability,
        wakeCost,
        loadAverage,
      };
    },
    close() {
      clients.forEach((c) => c.close());
    },
  };
}
