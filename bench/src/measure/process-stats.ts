import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = 100;

export interface ProcessUsage {
  name: string;
  pid: number;
  cpuSeconds: number;
  peakRssMb: number;
  /** Over the period, every thread's: each is a sleep and a wake-up, what a hop between processes costs most. */
  contextSwitches: number;
  /** `write`-family system calls over the period (sockets, pipes, files; /proc/<pid>/io `syscw`). */
  writeCalls: number;
  /** The one thread that used the most CPU over the period: what caps the process however many cores it gets. */
  busiestThread?: { name: string; cpuSeconds: number };
}

/** One /proc file (`stat`, `status`) of each of a process's threads, leaving out those that ended meanwhile. */
function threadFiles(pid: number, file: string): string[] {
  const texts: string[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      texts.push(readFileSync(`/proc/${pid}/task/${task}/${file}`, 'utf8'));
    } catch {
      // the thread ended
    }
  }
  return texts;
}

/** A process's context switches so far, voluntary and not, summed over its threads. */
function contextSwitches(pid: number): number {
  return threadFiles(pid, 'status').reduce((total, status) => total + switchesIn(status), 0);
}

/** The two context-switch counters of a /proc status text, summed. */
export function switchesIn(status: string): number {
  let total = 0;
  for (const match of status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)$/gm)) total += Number(match[1]);
  return total;
}

function writeCalls(pid: number): number {
  const match = /^syscw:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

function cpuTicks(pid: number): number {
  return ticksIn(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** User + system ticks of a /proc stat text (process or thread). */
function ticksIn(stat: string): number {
  // Fields after the command name (which may hold spaces, hence the last ')'): utime is 14th, stime 15th overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** A thread's kind from its name: the numbering of a pool's threads left out (`G1 Conc#0`, `GC Thread#1`). */
export function threadKind(stat: string): string {
  const name = threadName(stat);
  return name.replace(/[#\s]*\d+$/, '') || name;
}

const threadName = (stat: string) => stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));

/** Ticks so far per kind of thread, from the threads' /proc stat texts. */
export function ticksByThreadKind(stats: string[]): Map<string, number> {
  const byKind = new Map<string, number>();
  for (const stat of stats) {
    const kind = threadKind(stat);
    byKind.set(kind, (byKind.get(kind) ?? 0) + ticksIn(stat));
  }
  return byKind;
}

/** A thread's id, name and ticks so far. */
interface ThreadTicks {
  tid: string;
  name: string;
  ticks: number;
}

/** Each thread's id, name and ticks, from the threads' /proc stat texts. */
export function ticksByThread(stats: string[]): ThreadTicks[] {
  return stats.map((stat) => ({ tid: stat.slice(0, stat.indexOf(' ')), name: threadName(stat), ticks: ticksIn(stat) }));
}

/** The thread whose ticks grew the most between two readings (a thread born meanwhile counts from 0). */
export function busiestThread(start: ThreadTicks[], end: ThreadTicks[]): { name: string; cpuSeconds: number } | undefined {
  const before = new Map(start.map((t) => [t.tid, t.ticks]));
  let busiest: { name: string; cpuSeconds: number } | undefined;
  for (const thread of end) {
    const cpuSeconds = round((thread.ticks - (before.get(thread.tid) ?? 0)) / CLOCK_TICKS);
    if (!busiest || cpuSeconds > busiest.cpuSeconds) busiest = { name: thread.name, cpuSeconds };
  }
  return busiest;
}

/** A process's CPU time so far in ms (user + system), 0 without a pid. */
export function cpuMs(pid: number | undefined): number {
  return pid === undefined ? 0 : cpuTicks(pid) * (1000 / CLOCK_TICKS);
}

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

/**
 * CPU seconds, peak RSS, context switches and write calls of a set of processes over a measured period: the
 * counters from /proc at start and end, peak RSS by sampling VmRSS every 250 ms (VmHWM would include everything
 * before the period).
 */
export class ProcessSampler {
  /** Per pid, its counters when the period started. */
  private readonly atStart = new Map<number, Counters>();
  /** Per pid, its threads' ticks when the period started. */
  private readonly threadsAtStart = new Map<number, ThreadTicks[]>();
  private readonly peakKb = new Map<number, number>();
  /** Every process's tick count at the end of each second (every fourth sample), in `processes` order. */
  private readonly secondMarks: number[][] = [];
  /** Per process whose threads are followed (by index), its ticks per kind of thread at the start and each second's end. */
  private readonly threadMarks = new Map<number, Array<Map<string, number>>>();
  /** The machine's busy and stolen ticks at the start and at the end of each second. */
  private machineStart: MachineTicks = { busy: 0, steal: 0 };
  private readonly machineMarks: MachineTicks[] = [];
  private samples = 0;
  private timer?: NodeJS.Timeout;

  /**
   * `threads`: also each second's CPU per kind of thread, for a process whose threads tell apart what it did (the
   * JVM's collector, JIT and worker); ~10 µs a thread a second of the load generator's CPU, hence not for every process.
   */
  constructor(private readonly processes: SampledProcess[]) {}

  start(): void {
    this.processes.forEach(({ pid, threads }, i) => {
      if (threads) this.threadMarks.set(i, [this.safeThreads(pid)]);
    });
    for (const { pid } of this.processes) {
      this.atStart.set(pid, this.counters(pid));
      this.threadsAtStart.set(pid, this.eachThread(pid));
      this.peakKb.set(
        pid,
        this.safe(() => rssKb(pid)),
      );
    }
    this.machineStart = readMachineTicks();
    this.timer = setInterval(() => this.sample(), 250);
  }

  private counters(pid: number): Counters {
    return {
      ticks: this.safe(() => cpuTicks(pid)),
      switches: this.safe(() => contextSwitches(pid)),
      writes: this.safe(() => writeCalls(pid)),
    };
  }

  private sample(): void {
    if (++this.samples % 4 === 0) {
      this.secondMarks.push(this.processes.map(({ pid }) => this.safe(() => cpuTicks(pid))));
      for (const [i, marks] of this.threadMarks) marks.push(this.safeThreads(this.processes[i].pid));
      this.machineMarks.push(readMachineTicks());
    }
    for (const { pid } of this.processes) {
      this.peakKb.set(
        pid,
        Math.max(
          this.peakKb.get(pid) ?? 0,
          this.safe(() => rssKb(pid)),
        ),
      );
    }
  }

  stop(): ProcessUsage[] {
    clearInterval(this.timer);
    this.sample();
    return this.processes.map(({ name, pid }) => {
      const start = this.atStart.get(pid) ?? { ticks: 0, switches: 0, writes: 0 };
      const end = this.counters(pid);
      return {
        name,
        pid,
        cpuSeconds: round((end.ticks - start.ticks) / CLOCK_TICKS),
        peakRssMb: round((this.peakKb.get(pid) ?? 0) / 1024),
        contextSwitches: end.switches - start.switches,
        writeCalls: end.writes - start.writes,
        busiestThread: busiestThread(this.threadsAtStart.get(pid) ?? [], this.eachThread(pid)),
      };
    });
  }

  /** Each process's CPU ms in each second of the period: where a stall or a burst was. */
  timeline(): CpuTimeline {
    const start = this.processes.map(({ pid }) => this.atStart.get(pid)?.ticks ?? 0);
    return cpuPerSecond(start, this.secondMarks).map((cpuMs, i) => {
      const marks = this.threadMarks.get(i);
      return { name: this.processes[i].name, cpuMs, ...(marks && { threads: threadKindsPerSecond(marks) }) };
    });
  }

  /** The whole machine's CPU in each second: every process's, the stack's or not, and what the hypervisor took. */
  machineTimeline(): MachineTimeline {
    const [busyMs, stealMs] = cpuPerSecond(
      [this.machineStart.busy, this.machineStart.steal],
      this.machineMarks.map((m) => [m.busy, m.steal]),
    );
    return { busyMs, stealMs };
  }

  private eachThread(pid: number): ThreadTicks[] {
    return ticksByThread(this.threadStats(pid));
  }

  private safeThreads(pid: number): Map<string, number> {
    return ticksByThreadKind(this.threadStats(pid));
  }

  /** Each thread's /proc stat text; none once the process ended. */
  private threadStats(pid: number): string[] {
    try {
      return threadFiles(pid, 'stat');
    } catch {
      return [];
    }
  }

  private safe(read: () => number): number {
    try {
      return read();
    } catch {
      return 0; // the process ended
    }
  }
}

/** A process to sample; `threads`: its CPU per kind of thread too (ProcessSampler). */
export interface SampledProcess {
  name: string;
  pid: number;
  threads?: boolean;
}

/** Per process, its CPU ms in each second; for a process whose threads were followed, also per kind of thread. */
export type CpuTimeline = Array<{ name: string; cpuMs: number[]; threads?: ThreadTimeline }>;

export type ThreadTimeline = Array<{ name: string; cpuMs: number[] }>;

/** Per second, the machine's CPU ms over all its cores: busy (user, system, interrupts) and stolen by the hypervisor. */
export interface MachineTimeline {
  busyMs: number[];
  stealMs: number[];
}

interface MachineTicks {
  busy: number;
  steal: number;
}

/** The busy and stolen ticks of /proc/stat's first line (`cpu user nice system idle iowait irq softirq steal …`). */
export function machineTicksIn(stat: string): MachineTicks {
  const [user, nice, system, , , irq, softirq, steal] = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/).slice(1).map(Number);
  return { busy: user + nice + system + irq + softirq, steal };
}

function readMachineTicks(): MachineTicks {
  try {
    return machineTicksIn(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return { busy: 0, steal: 0 };
  }
}

/** What a period is measured by, read at its start and end (a process that ended reads 0). */
interface Counters {
  ticks: number;
  switches: number;
  writes: number;
}

/** Per process, the CPU ms of each second, from the tick counts at the start and at the end of each second. */
export function cpuPerSecond(start: number[], marks: number[][]): number[][] {
  return start.map((first, p) => marks.map((mark, s) => (mark[p] - (s ? marks[s - 1][p] : first)) * (1000 / CLOCK_TICKS)));
}

/**
 * Per kind of thread, its CPU ms in each second, from its ticks at the start and at each second's end (`marks[0]` is
 * the start). A kind's threads that ended take their ticks with them: such a second counts 0, not less.
 */
export function threadKindsPerSecond(marks: Array<Map<string, number>>): ThreadTimeline {
  const kinds = [...new Set(marks.flatMap((mark) => [...mark.keys()]))];
  return kinds.map((name) => ({
    name,
    cpuMs: marks.slice(1).map((mark, s) => Math.max(0, (mark.get(name) ?? 0) - (marks[s].get(name) ?? 0)) * (1000 / CLOCK_TICKS)),
  }));
}

export const currentRssMb = (pid: number): number => round(rssKb(pid) / 1024);

const round = (n: number) => Math.round(n * 100) / 100;
