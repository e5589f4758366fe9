import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from '@rc/local-stack';

/**
 * The CFS period of a limit. Kubernetes uses 100 ms; a process that spends its quota early in a period then waits for
 * the rest of it, so at a quarter of a core a 100-ms period stalls an instance for up to 75 ms, on every busy period,
 * and the p99 shows the period rather than the instance's speed. At 10 ms the stall is at most 7.5 ms.
 */
export const CPU_PERIOD_US = 10_000;

export interface CpuCgroup {
  /** cgroup v1's `cpu` controller (`cpu.cfs_quota_us`) or v2's unified tree (`cpu.max`). */
  version: 1 | 2;
  /** The hierarchy's root directory. */
  root: string;
}

/** Where this machine lets a process's CPU be capped, if anywhere (root is needed to write there). */
export function findCpuCgroup(
  base = '/sys/fs/cgroup',
  exists: (path: string) => boolean = existsSync,
  read = (path: string) => readFileSync(path, 'utf8'),
): CpuCgroup | undefined {
  for (const dir of ['cpu', 'cpu,cpuacct']) {
    if (exists(join(base, dir, 'cpu.cfs_quota_us'))) return { version: 1, root: join(base, dir) };
  }
  const controllers = join(base, 'cgroup.controllers');
  if (exists(controllers) && read(controllers).split(/\s+/).includes('cpu')) return { version: 2, root: base };
  return undefined;
}

/** The files that cap a group at `cores` of CPU, with their contents. */
export function cpuLimitFiles(version: 1 | 2, cores: number): Record<string, string> {
  const quota = String(Math.max(1_000, Math.round(cores * CPU_PERIOD_US)));
  return version === 1
    ? { 'cpu.cfs_period_us': String(CPU_PERIOD_US), 'cpu.cfs_quota_us': quota }
    : { 'cpu.max': `${quota} ${CPU_PERIOD_US}` };
}

/** How often a capped process ran out of its quota (cumulative since it was capped). */
export interface Throttling {
  instance: string;
  /** Periods in which the process ran. */
  periods: number;
  /** Periods in which it spent its whole quota and waited for the next. */
  throttled: number;
  /** How long its threads waited, summed over them, in ms. */
  throttledMs: number;
}

/** A group's `cpu.stat`: v1 counts the wait in ns (`throttled_time`), v2 in µs (`throttled_usec`). */
export function parseThrottling(instance: string, stat: string): Throttling {
  const field = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(stat)?.[1] ?? 0);
  const waitedMs = stat.includes('throttled_usec') ? field('throttled_usec') / 1e3 : field('throttled_time') / 1e6;
  return { instance, periods: field('nr_periods'), throttled: field('nr_throttled'), throttledMs: Math.round(waitedMs) };
}

/** What each process's counters grew by since `before` (a process capped after it counts from zero). */
export function throttlingSince(now: Throttling[], before: Throttling[] = []): Throttling[] {
  return now.map((t) => {
    const then = before.find((b) => b.instance === t.instance);
    return then
      ? {
          instance: t.instance,
          periods: t.periods - then.periods,
          throttled: t.throttled - then.throttled,
          throttledMs: t.throttledMs - then.throttledMs,
        }
      : t;
  });
}

/**
 * Caps each app instance of a stack at a fixed share of the machine, as a Kubernetes pod's `resources.limits.cpu`
 * does: a group of its own per process, under one group for this benchmark run. This is how two instances can be
 * compared with one on two cores: each instance gets the same slice whether it runs alone or beside its twin, so the
 * rate two of them hold shows what a second instance adds when it has cores of its own — as long as the machine has
 * the slices to spare and the shared servers (the database, NATS), left unlimited, keep up.
 */
export class CpuLimits {
  /** Each capped process's group, by pid. */
  private readonly groups = new Map<number, { instance: string; dir: string }>();

  private constructor(
    private readonly cgroup: CpuCgroup,
    private readonly base: string,
    readonly cores: number,
  ) {}

  static open(cores: number): CpuLimits {
    const cgroup = findCpuCgroup();
    if (!cgroup) throw new Error('--instance-cpu needs a cgroup cpu controller (v1 `cpu` or v2 `cpu.max`)');
    const base = join(cgroup.root, `rocketnest-bench-${process.pid}`);
    if (cgroup.version === 2) writeFileSync(join(cgroup.root, 'cgroup.subtree_control'), '+cpu');
    mkdirSync(base, { recursive: true });
    if (cgroup.version === 2) writeFileSync(join(base, 'cgroup.subtree_control'), '+cpu');
    return new CpuLimits(cgroup, base, cores);
  }

  /** Caps every app instance of the stack not capped yet (the second instances of a scale-out, too). */
  limitApps(stack: Stack): void {
    for (const instances of stack.apps.values()) {
      for (const instance of instances) {
        const pid = instance.process.child.pid;
        if (pid !== undefined && !this.groups.has(pid)) this.limit(instance.instanceId, pid);
      }
    }
  }

  private limit(name: string, pid: number): void {
    const dir = join(this.base, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, value] of Object.entries(cpuLimitFiles(this.cgroup.version, this.cores))) writeFileSync(join(dir, file), value);
    // cgroup.procs moves the whole process, every thread; what it spawns later starts in the same group.
    writeFileSync(join(dir, 'cgroup.procs'), String(pid));
    this.groups.set(pid, { instance: name, dir });
  }

  /** Every capped process's throttling so far. */
  throttling(): Throttling[] {
    return [...this.groups.values()].map(({ instance, dir }) => parseThrottling(instance, readFileSync(join(dir, 'cpu.stat'), 'utf8')));
  }

  /** Removes the groups; a process still alive goes back to the root group first. */
  close(): void {
    for (const [pid, { dir }] of this.groups) {
      try {
        writeFileSync(join(this.cgroup.root, 'cgroup.procs'), String(pid));
      } catch {
        // Exited already: nothing to move.
      }
      rmdirSync(dir);
    }
    this.groups.clear();
    rmdirSync(this.base);
  }
}
