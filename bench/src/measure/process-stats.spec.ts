import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { cpuPerSecond, machineTicksIn, ProcessSampler, switchesIn } from './process-stats.js';

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
