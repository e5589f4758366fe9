import { describe, expect, it } from '@jest/globals';
import { projectCeilings } from './ceiling.js';
import type { ProcessUsage } from './process-stats.js';

const usage = (name: string, cpuSeconds: number, busiest?: [string, number]): ProcessUsage => ({
  name,
  pid: 1,
  cpuSeconds,
  peakRssMb: 100,
  contextSwitches: 0,
  writeCalls: 0,
  ...(busiest && { busiestThread: { name: busiest[0], cpuSeconds: busiest[1] } }),
});

describe('projectCeilings', () => {
  // 10,000 messages: 1 CPU second is 0.1 ms a message, a ceiling of 10,000 msg/s for one thread.
  const processes = [
    usage('core-5', 8, ['MainThread', 7]),
    usage('gateway-9', 4, ['MainThread', 3.5]),
    usage('mongo-server', 6.5, ['mongo-server-wo', 4]),
    usage('nats-server', 1.5, ['nats-server', 0.5]),
    usage('load-generator', 5, ['MainThread', 4.8]),
    usage('presence-3', 0.1, ['MainThread', 0]),
  ];

  it("caps the rate at the busiest thread's, each thread on a core of its own, lowest first, the load generator left out", () => {
    expect(projectCeilings(processes, 10_000, 2)!.threads).toEqual([
      { bound: 'core-5 MainThread', msPerMessage: 0.7, messagesPerSecond: 1429 },
      { bound: 'mongo-server mongo-server-wo', msPerMessage: 0.4, messagesPerSecond: 2500 },
      { bound: 'gateway-9 MainThread', msPerMessage: 0.35, messagesPerSecond: 2857 },
      { bound: 'nats-server nats-server', msPerMessage: 0.05, messagesPerSecond: 20000 },
    ]);
  });

  it("caps it at the machine's cores shared by every process, the load generator included", () => {
    expect(projectCeilings(processes, 10_000, 2)!.machine).toEqual({ bound: 'every process', msPerMessage: 2.51, messagesPerSecond: 797 });
  });

  it('moves the bound when a second instance halves the busiest thread', () => {
    const scaled = [
      usage('core-5', 4, ['MainThread', 3.5]),
      usage('core-11', 4.2, ['MainThread', 3.6]),
      usage('mongo-server', 6.8, ['mongo-server-wo', 4.2]),
    ];
    expect(projectCeilings(scaled, 10_000, 2)!.threads[0]).toEqual({
      bound: 'mongo-server mongo-server-wo',
      msPerMessage: 0.42,
      messagesPerSecond: 2381,
    });
  });

  it('projects nothing from a run that delivered no message', () => {
    expect(projectCeilings(processes, 0, 2)).toBeUndefined();
  });
});
