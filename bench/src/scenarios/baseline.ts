import { join } from 'node:path';
import { APP_NODE_FLAGS, LocalNats, freePort, spawnManaged, type ManagedProcess } from '@rc/local-stack';
import { RelayFanoutClient } from '../clients/fanout-client.js';
import { runFanout, type FanoutResult, type FanoutRoom } from '../measure/fanout-run.js';
import { mapLimit } from '../measure/map-limit.js';
import { ProcessSampler, type ProcessUsage } from '../measure/process-stats.js';
import { measureWakeCostBeforeRun, type WakeCost } from '../measure/wake-cost.js';
import type { BenchOptions } from '../options.js';
import type { LoadSession } from './load-session.js';

export interface BaselineResult {
  fanout: FanoutResult;
  processes: ProcessUsage[];
  /** What a wake-up cost the machine just before the run. */
  wakeCost: WakeCost[];
}

/**
 * The same sockets, rooms and rates through the minimal relay (bench/src/relay): what the machine allows.
 * Connects once; each `run` is one measured period.
 */
export async function openBaselineSession(options: BenchOptions, logDir: string): Promise<LoadSession<BaselineResult>> {
  const nats = await LocalNats.start(join(logDir, 'baseline'));
  let relay: ManagedProcess | undefined;
  try {
    const port = await freePort();
    let announce: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (announce = resolve));
    // Run as the apps are (APP_NODE_FLAGS): the baseline gets what the chat gets.
    relay = spawnManaged('relay', process.execPath, [...APP_NODE_FLAGS, process.argv[1], 'relay', String(port), nats.url], {
      logFile: join(logDir, 'baseline', 'relay.log'),
      onLine: (line) => line.startsWith('READY') && announce(),
    });
    await ready;
    const perRoom = options.users / options.rooms;
    const clients = await mapLimit(
      Array.from({ length: options.users }, (_, i) => i),
      50,
      () => RelayFanoutClient.connect(`ws://127.0.0.1:${port}`),
    );
    const sendersPerRoom = Math.max(1, Math.round(options.senders / options.rooms));
    const rooms: FanoutRoom[] = Array.from({ length: options.rooms }, (_, r) => ({
      id: `room${r}`,
      members: clients.slice(r * perRoom, (r + 1) * perRoom),
    }));
    await Promise.all(rooms.flatMap((room) => room.members.map((m) => m.watch(room.id))));
    await runFanout(rooms, options.rate, 3, 'warm', sendersPerRoom); // warm-up, not measured
    const processes = [
      { name: 'relay', pid: relay.child.pid! },
      { name: 'nats-server', pid: nats.pid! },
      { name: 'load-generator', pid: process.pid },
    ];
    const owned = relay;
    return {
      async run(rate, duration, tag, leadInSeconds) {
        const wakeCost = await measureWakeCostBeforeRun();
        const sampler = new ProcessSampler(processes);
        sampler.start();
        const fanout = await runFanout(rooms, rate, duration, tag, sendersPerRoom, leadInSeconds);
        return { fanout, processes: sampler.stop(), wakeCost };
      },
      async close() {
        clients.forEach((c) => c.close());
        await owned.stop();
        await nats.stop();
      },
    };
  } catch (error) {
    await relay?.stop();
    await nats.stop();
    throw error;
  }
}
