import { join } from 'node:path';
import { LocalNats, freePort, spawnManaged } from '@rc/local-stack';
import { RelayFanoutClient } from '../clients/fanout-client.js';
import { runFanout, type FanoutResult, type FanoutRoom } from '../measure/fanout-run.js';
import { mapLimit } from '../measure/map-limit.js';
import { ProcessSampler, type ProcessUsage } from '../measure/process-stats.js';
import type { BenchOptions } from '../options.js';

export interface BaselineResult {
  fanout: FanoutResult;
  processes: ProcessUsage[];
}

/** The same sockets, rooms and rate through the minimal relay (bench/src/relay): what the machine allows. */
export async function runBaseline(options: BenchOptions, logDir: string, rate = options.rate): Promise<BaselineResult> {
  const nats = await LocalNats.start(join(logDir, 'baseline'));
  const port = await freePort();
  let announce: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (announce = resolve));
  const relay = spawnManaged('relay', 'node', [process.argv[1], 'relay', String(port), nats.url], {
    logFile: join(logDir, 'baseline', 'relay.log'),
    onLine: (line) => line.startsWith('READY') && announce(),
  });
  try {
    await ready;
    const perRoom = options.users / options.rooms;
    const clients = await mapLimit(Array.from({ length: options.users }, (_, i) => i), 50, () =>
      RelayFanoutClient.connect(`ws://127.0.0.1:${port}`),
    );
    const sendersPerRoom = Math.max(1, Math.round(options.senders / options.rooms));
    const rooms: FanoutRoom[] = Array.from({ length: options.rooms }, (_, r) => {
      const members = clients.slice(r * perRoom, (r + 1) * perRoom);
      return { id: `room${r}`, members, senders: members.slice(0, sendersPerRoom) };
    });
    await Promise.all(rooms.flatMap((room) => room.members.map((m) => m.watch(room.id))));
    await runFanout(rooms, rate, 3, 'warm'); // warm-up, not measured
    const sampler = new ProcessSampler([
      { name: 'relay', pid: relay.child.pid! },
      { name: 'nats-server', pid: nats.pid! },
      { name: 'load-generator', pid: process.pid },
    ]);
    sampler.start();
    const fanout = await runFanout(rooms, rate, options.duration, 'base');
    const processes = sampler.stop();
    clients.forEach((c) => c.close());
    return { fanout, processes };
  } finally {
    await relay.stop();
    await nats.stop();
  }
}
