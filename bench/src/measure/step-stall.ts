import type { DatabaseDurability } from './database-commands.js';
import type { CpuTimeline } from './process-stats.js';

/**
 * What a measured run's worst moment looked like: where its slowest delivery arrived, which processes were busiest
 * in that second and the one before (a stall ends when its deliveries arrive), and the file database's longest
 * reply wait and fsync of the run. Tells a stall of one process (a compilation, a collection) from a slow disk or
 * a machine that was busy elsewhere (every process quiet).
 */
export interface RunStall {
  second: number;
  maxMs: number;
  /** The three processes with the most CPU over those two seconds, ms. */
  busiest: Array<{ name: string; cpuMs: number }>;
  databaseReplyWaitMaxMs?: number;
  databaseFsyncMaxMs?: number;
}

export function describeStall(
  slowest: { second: number; maxMs: number } | undefined,
  cpuTimeline: CpuTimeline | undefined,
  durability: DatabaseDurability | undefined,
): RunStall | undefined {
  if (!slowest) return undefined;
  const window = (cpuMs: number[]) => (cpuMs[slowest.second - 1] ?? 0) + (cpuMs[slowest.second] ?? 0);
  const busiest = (cpuTimeline ?? [])
    .map(({ name, cpuMs }) => ({ name, cpuMs: window(cpuMs) }))
    .sort((a, b) => b.cpuMs - a.cpuMs)
    .slice(0, 3);
  return {
    ...slowest,
    busiest,
    ...(durability?.replyWait && { databaseReplyWaitMaxMs: durability.replyWait.max }),
    ...(durability?.fsync && { databaseFsyncMaxMs: durability.fsync.max }),
  };
}

/** `412 ms at 5 s: core 930, mongo-server 610, gateway 200 ms CPU; db reply ≤ 90, fsync ≤ 70` */
export function stallText(stall: RunStall | undefined): string {
  if (!stall) return '–';
  const cpu = stall.busiest.length ? `: ${stall.busiest.map((p) => `${p.name} ${Math.round(p.cpuMs)}`).join(', ')} ms CPU` : '';
  const database =
    stall.databaseReplyWaitMaxMs !== undefined
      ? `; db reply ≤ ${Math.round(stall.databaseReplyWaitMaxMs)}, fsync ≤ ${Math.round(stall.databaseFsyncMaxMs ?? 0)}`
      : '';
  return `${Math.round(stall.maxMs)} ms at ${stall.second} s${cpu}${database}`;
}
