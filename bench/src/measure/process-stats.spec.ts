import { describe, expect, it } from '@jest/globals';
import { cpuPerSecond } from './process-stats.js';

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
