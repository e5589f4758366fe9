import { describe, expect, it } from '@jest/globals';
import { instanceSplit } from './scale-out.js';

describe('instanceSplit', () => {
  it("divides each scaled app's CPU between its instances, leaving single processes out", () => {
    const usage = (name: string, cpuSeconds: number) => ({ name, pid: 1, cpuSeconds, peakRssMb: 100, contextSwitches: 0, writeCalls: 0 });
    const split = instanceSplit([
      usage('core-5', 3),
      usage('stream-hub-4', 0.2),
      usage('core-9', 1),
      usage('gateway-6', 0),
      usage('gateway-10', 0),
      usage('omnichannel-voip-7', 1),
      usage('nats-server', 1.4),
      usage('load-generator', 2),
    ]);
    expect(split).toEqual([
      { app: 'core', cpuSeconds: [3, 1], sharePercent: [75, 25] },
      { app: 'gateway', cpuSeconds: [0, 0], sharePercent: [0, 0] },
    ]);
  });
});
