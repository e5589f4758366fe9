import type { DatabaseDurability } from './database-commands.js';
import type { CpuTimeline, MachineTimeline } from './process-stats.js';

/**
 * What a measured run's worst moment looked like: where its slowest delivery arrived, which processes were busiest
 * in that second and the one before (a stall ends when its deliveries arrive), what the machine did meanwhile, and
 * the file database's longest reply wait and fsync of the run. Tells a stall of one process (a compilation, a
 * collection) from a slow disk, or from a machine busy elsewhere (the stack quiet, the cores not).
 */
export interface RunStall {
  second: number;
  maxMs: number;
  /**
   * The three processes with the most CPU over those two seconds, ms; for a process whose threads were followed, its
   * three busiest kinds of thread (the database's collector, its JIT, its worker…).
   */
  busiest: Array<{ name: string; cpuMs: number; threads?: Array<{ name: string; cpuMs: number }> }>;
  /** Over those two seconds: the machine's busy CPU outside the stack's processes, and what the hypervisor stole. */
  outsideStackMs?: number;
  stealMs?: number;
  databaseReplyWaitMaxMs?: number;
  databaseFsyncMaxMs?: number;
}

/** What a run measured beside its deliveries (the relay's runs sample no process). */
export interface RunSamples {
  cpuTimeline?: CpuTimeline;
  machineTimeline?: MachineTimeline;
  databaseDurability?: DatabaseDurability;
}

export function describeStall(slowest: { second: number; maxMs: number } | undefined, samples: RunSamples): RunStall | undefined {
  if (!slowest) return undefined;
  const window = (perSecond: number[]) => (perSecond[slowest.second - 1] ?? 0) + (perSecond[slowest.second] ?? 0);
  const busiestOf = (timeline: CpuTimeline) =>
    timeline.map(({ name, cpuMs }) => ({ name, cpuMs: window(cpuMs) })).sort((a, b) => b.cpuMs - a.cpuMs);
  const processes = (samples.cpuTimeline ?? []).map(({ name, cpuMs, threads }) => ({
    name,
    cpuMs: window(cpuMs),
    ...(threads && { threads: busiestOf(threads).slice(0, 3) }),
  }));
  const stack = processes.reduce((sum, p) => sum + p.cpuMs, 0);
  const { machineTimeline: machine, databaseDurability: durability } = samples;
  return {
    ...slowest,
    busiest: processes.sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 3),
    ...(machine && { outsideStackMs: Math.max(0, window(machine.busyMs) - stack), stealMs: window(machine.stealMs) }),
    ...(durability?.replyWait && { databaseReplyWaitMaxMs: durability.replyWait.max }),
    ...(durability?.fsync && { databaseFsyncMaxMs: durability.fsync.max }),
  };
}

/**
 * `412 ms at 5 s: core 930, mongo-server 610 (G1 Conc 400, mongo-server-wo 150, GC Thread 30), gateway 200 ms CPU;
 * outside the stack 40, steal 0; db reply ≤ 90, fsync ≤ 70`
 */
export function stallText(stall: RunStall | undefined): string {
  if (!stall) return '–';
  const round = (ms: number | undefined) => Math.round(ms ?? 0);
  const parts = [`${round(stall.maxMs)} ms at ${stall.second} s`];
  const threads = (p: RunStall['busiest'][number]) =>
    p.threads?.length ? ` (${p.threads.map((t) => `${t.name} ${round(t.cpuMs)}`).join(', ')})` : '';
  if (stall.busiest.length) parts[0] += `: ${stall.busiest.map((p) => `${p.name} ${round(p.cpuMs)}${threads(p)}`).join(', ')} ms CPU`;
  if (stall.outsideStackMs !== undefined) parts.push(`outside the stack ${round(stall.outsideStackMs)}, steal ${round(stall.stealMs)}`);
  if (stall.databaseReplyWaitMaxMs !== undefined) {
    parts.push(`db reply ≤ ${round(stall.databaseReplyWaitMaxMs)}, fsync ≤ ${round(stall.databaseFsyncMaxMs)}`);
  }
  return parts.join('; ');
}
