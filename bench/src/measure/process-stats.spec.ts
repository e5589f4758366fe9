import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { cpuPerSecond, switchesIn } from './process-stats.js';

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
