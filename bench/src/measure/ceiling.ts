import type { ProcessUsage } from './process-stats.js';

/** The rate at which one thread, or the machine, would be busy all the time at a run's cost per message. */
export interface Ceiling {
  /** `<process> <thread>`, or `every process` for the machine. */
  bound: string;
  msPerMessage: number;
  messagesPerSecond: number;
}

/**
 * Two ceilings projected from a run's CPU, both at that run's cost per message: `threads`, every thread on a core of
 * its own (what more cores and more instances can reach: a process's busiest thread — an app's event loop, the local
 * database's worker — cannot use a second core), the load generator left out (clients run elsewhere); `machine`,
 * this machine's cores shared by every process, the load generator included (what a sweep here runs into). A cost
 * per message falls as the rate rises (more is batched), and queueing passes a p99 target before anything is busy
 * all the time: projections to compare, not rates to promise.
 */
export interface ProjectedCeilings {
  threads: Ceiling[];
  machine: Ceiling;
}

const LOAD_GENERATOR = 'load-generator';

/** The ceilings of a run of `messages` messages on `cores` cores; `threads` lowest first, one per process. */
export function projectCeilings(processes: ProcessUsage[], messages: number, cores: number): ProjectedCeilings | undefined {
  if (messages <= 0) return undefined;
  const ceiling = (bound: string, cpuSeconds: number, share = 1): Ceiling => {
    const msPerMessage = (cpuSeconds * 1000) / messages;
    return { bound, msPerMessage: round(msPerMessage, 3), messagesPerSecond: Math.round((share * 1000) / msPerMessage) };
  };
  const threads = processes
    .filter((p) => p.name !== LOAD_GENERATOR && p.busiestThread && p.busiestThread.cpuSeconds > 0)
    .map((p) => ceiling(`${p.name} ${p.busiestThread!.name}`, p.busiestThread!.cpuSeconds))
    .sort((a, b) => a.messagesPerSecond - b.messagesPerSecond);
  const total = processes.reduce((sum, p) => sum + p.cpuSeconds, 0);
  return { threads, machine: ceiling('every process', total, cores) };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
