import { describe, expect, it } from '@jest/globals';
import { describeStall, stallText } from './step-stall.js';

describe('describeStall', () => {
  const cpuTimeline = [
    { name: 'core', cpuMs: [100, 120, 900, 110] },
    { name: 'mongo-server', cpuMs: [80, 600, 90, 70] },
    { name: 'gateway', cpuMs: [50, 40, 60, 50] },
    { name: 'nats-server', cpuMs: [10, 10, 10, 10] },
  ];

  it('names the busiest processes over the slowest second and the one before it', () => {
    const stall = describeStall({ second: 2, maxMs: 412.5 }, { cpuTimeline });
    expect(stall?.busiest).toEqual([
      { name: 'core', cpuMs: 1020 },
      { name: 'mongo-server', cpuMs: 690 },
      { name: 'gateway', cpuMs: 100 },
    ]);
    expect(stallText(stall)).toBe('413 ms at 2 s: core 1020, mongo-server 690, gateway 100 ms CPU');
  });

  it("tells what the machine did outside the stack, and the file database's longest reply wait and fsync", () => {
    const summary = (max: number) => ({ count: 1, p50: 1, p90: 1, p99: 1, max });
    const machineTimeline = { busyMs: [300, 1500, 1900, 400], stealMs: [0, 30, 10, 0] };
    const databaseDurability = {
      ...{ writes: 1, commits: 1, commitMillis: 1, writeMillis: 1, fsyncs: 1, fsyncMillis: 1 },
      ...{ replyWait: summary(88.4), fsync: summary(71.2) },
    };
    const stall = describeStall({ second: 2, maxMs: 90 }, { cpuTimeline, machineTimeline, databaseDurability });
    // The stack used 120+900+600+90+40+60+10+10 = 1830 of the machine's 3400 busy ms.
    expect(stall).toMatchObject({ outsideStackMs: 1570, stealMs: 40 });
    expect(stallText(stall)).toBe(
      '90 ms at 2 s: core 1020, mongo-server 690, gateway 100 ms CPU; outside the stack 1570, steal 40; db reply ≤ 88, fsync ≤ 71',
    );
  });

  it("names the busiest kinds of thread of a process whose threads were followed (the database's collector, its worker)", () => {
    const withThreads = [
      ...cpuTimeline.slice(0, 1),
      {
        name: 'mongo-server',
        cpuMs: [80, 600, 90, 70],
        threads: [
          { name: 'mongo-server-wo', cpuMs: [60, 200, 70, 50] },
          { name: 'G1 Conc', cpuMs: [0, 350, 0, 0] },
          { name: 'GC Thread', cpuMs: [10, 30, 10, 10] },
          { name: 'C2 CompilerThre', cpuMs: [10, 20, 10, 10] },
        ],
      },
    ];
    const stall = describeStall({ second: 2, maxMs: 300 }, { cpuTimeline: withThreads });
    expect(stall?.busiest[1].threads).toEqual([
      { name: 'G1 Conc', cpuMs: 350 },
      { name: 'mongo-server-wo', cpuMs: 270 },
      { name: 'GC Thread', cpuMs: 40 },
    ]);
    expect(stallText(stall)).toBe('300 ms at 2 s: core 1020, mongo-server 690 (G1 Conc 350, mongo-server-wo 270, GC Thread 40) ms CPU');
  });

  it('leaves the CPU out when the run sampled no process (the relay)', () => {
    expect(stallText(describeStall({ second: 3, maxMs: 9.2 }, {}))).toBe('9 ms at 3 s');
  });

  it('is nothing for a run without deliveries', () => {
    expect(describeStall(undefined, { cpuTimeline })).toBeUndefined();
    expect(stallText(undefined)).toBe('–');
  });
});
