import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  busiestThread,
  cpuPerSecond,
  machineTicksIn,
  ProcessSampler,
  switchesIn,
  threadKind,
  threadKindsPerSecond,
  ticksByThread,
  ticksByThreadKind,
} from './process-stats.js';

describe('cpuPerSecond', () => {
  it("gives each process's CPU ms in each second from its tick counts (10 ms a tick)", () => {
    // Two processes: the first busy, then stalled for a second, then busy again; the second steady.
    const start = [100, 7];
    const marks = [
      [150, 9],
      [150, 11],
      [190, 13],
    ];
    expect(cpuPerSecond(start, marks)).toEqual([
      [500, 0, 400],
      [20, 20, 20],
    ]);
  });

  it('has no seconds when the period was shorter than one', () => {
    expect(cpuPerSecond([1, 2], [])).toEqual([[], []]);
  });
});

describe('switchesIn', () => {
  it('sums the voluntary and involuntary context switches of a /proc status text', () => {
    const status = ['Name:\tnode', 'Threads:\t11', 'voluntary_ctxt_switches:\t1500', 'nonvoluntary_ctxt_switches:\t42', ''].join('\n');
    expect(switchesIn(status)).toBe(1542);
  });

  it('counts nothing in a text without them', () => {
    expect(switchesIn('Name:\tnode\n')).toBe(0);
  });

  it("reads this process's own counters from /proc", () => {
    const status = readFileSync('/proc/self/status', 'utf8');
    expect(switchesIn(status)).toBeGreaterThan(0);
  });
});

describe('ProcessSampler', () => {
  it("counts a process's write calls and context switches over the period only", async () => {
    const sampler = new ProcessSampler([{ name: 'self', pid: process.pid }]);
    sampler.start();
    const devNull = openSync('/dev/null', 'w');
    for (let i = 0; i < 50; i++) writeSync(devNull, 'x');
    closeSync(devNull);
    await new Promise((resolve) => setTimeout(resolve, 20)); // a sleep: at least one voluntary switch
    const [usage] = sampler.stop();
    expect(usage).toMatchObject({ name: 'self', pid: process.pid });
    expect(usage.writeCalls).toBeGreaterThanOrEqual(50);
    expect(usage.writeCalls).toBeLessThan(10_000);
    expect(usage.contextSwitches).toBeGreaterThan(0);
  });

  it('names the busiest thread of a process busy on its main thread', () => {
    const mainStat = () => readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8');
    const mainTicks = () => ticksByThread([mainStat()])[0].ticks;
    const sampler = new ProcessSampler([{ name: 'self', pid: process.pid }]);
    sampler.start();
    // Busy until the main thread itself has used 20 ticks (200 ms of CPU), however long a loaded machine takes.
    const until = mainTicks() + 20;
    while (mainTicks() < until);
    const [usage] = sampler.stop();
    expect(usage.busiestThread?.name).toBe(threadKind(mainStat()));
    expect(usage.busiestThread!.cpuSeconds).toBeGreaterThanOrEqual(0.2);
  });

  it('follows the threads of a process asked for, second by second, and of no other', async () => {
    const sampler = new ProcessSampler([
      { name: 'self', pid: process.pid, threads: true },
      { name: 'again', pid: process.pid },
    ]);
    sampler.start();
    // Busy on the main thread, letting the sampler's 250-ms timer in between, until its fourth sample ends a second.
    while (sampler.timeline()[0].cpuMs.length === 0) {
      const until = Date.now() + 200;
      while (Date.now() < until);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    sampler.stop();
    const [self, again] = sampler.timeline();
    expect(again.threads).toBeUndefined();
    const busiest = [...(self.threads ?? [])].sort((a, b) => b.cpuMs[0] - a.cpuMs[0])[0];
    // The busiest kind of thread in that second was the main thread (its name is the process's: MainThread, node…).
    expect(busiest.name).toBe(threadKind(readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8')));
    expect(busiest.cpuMs[0]).toBeGreaterThan(0);
  });
});

describe('threads by kind', () => {
  // /proc/<pid>/task/<tid>/stat: utime and stime are the 14th and 15th fields (here 70 + 5, 30 + 2, …).
  const stat = (tid: number, name: string, utime: number, stime: number) =>
    `${tid} (${name}) S 1 1 1 0 -1 4194624 100 0 0 0 ${utime} ${stime} 0 0 20 0 40 0 100 1 1`;

  it("groups a pool's threads by their name without its number", () => {
    expect(threadKind(stat(1, 'G1 Conc#0', 0, 0))).toBe('G1 Conc');
    expect(threadKind(stat(2, 'GC Thread#12', 0, 0))).toBe('GC Thread');
    expect(threadKind(stat(3, 'mongo-server-wo', 0, 0))).toBe('mongo-server-wo');
    expect(threadKind(stat(4, 'C2 CompilerThre', 0, 0))).toBe('C2 CompilerThre');
    expect(threadKind(stat(5, '42', 0, 0))).toBe('42');
  });

  it("sums each kind's user and system ticks", () => {
    const byKind = ticksByThreadKind([stat(1, 'GC Thread#0', 70, 5), stat(2, 'GC Thread#1', 30, 2), stat(3, 'java', 400, 40)]);
    expect(Object.fromEntries(byKind)).toEqual({ 'GC Thread': 107, java: 440 });
  });

  it('finds the thread whose ticks grew the most, by id: a thread born meanwhile counts from 0, one that ended not at all', () => {
    const start = ticksByThread([stat(10, 'MainThread', 500, 100), stat(11, 'V8Worker', 20, 0), stat(12, 'V8Worker', 900, 0)]);
    const end = ticksByThread([stat(10, 'MainThread', 700, 130), stat(11, 'V8Worker', 40, 0), stat(13, 'V8Worker', 250, 10)]);
    expect(start[0]).toEqual({ tid: '10', name: 'MainThread', ticks: 600 });
    // MainThread 230 ticks, the new worker 260, the old worker 20: 10 ms a tick.
    expect(busiestThread(start, end)).toEqual({ name: 'V8Worker', cpuSeconds: 2.6 });
    expect(busiestThread(start, [])).toBeUndefined();
  });

  it("gives each kind's CPU ms in each second; a kind whose threads ended counts 0, not less", () => {
    const marks = [
      new Map([['worker', 100]]),
      new Map([
        ['worker', 130],
        ['G1 Conc', 45],
      ]),
      new Map([
        ['worker', 150],
        ['G1 Conc', 40],
      ]),
    ];
    expect(threadKindsPerSecond(marks)).toEqual([
      { name: 'worker', cpuMs: [300, 200] },
      { name: 'G1 Conc', cpuMs: [450, 0] },
    ]);
  });
});

describe('machineTicksIn', () => {
  it("adds user, nice, system, irq and softirq as busy, and takes steal apart, from /proc/stat's first line", () => {
    const stat = 'cpu  3949102 836 599120 2463402 24000 0 110665 23706 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n';
    expect(machineTicksIn(stat)).toEqual({ busy: 3949102 + 836 + 599120 + 110665, steal: 23706 });
  });

  it("reads this machine's counters", () => {
    expect(machineTicksIn(readFileSync('/proc/stat', 'utf8')).busy).toBeGreaterThan(0);
  });
});
