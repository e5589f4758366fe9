import { describe, expect, it, jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { freePort, isPortFree } from './free-port.js';

describe('freePort', () => {
  const [ephemeralLow] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);

  it('draws ports below the range the kernel gives outgoing connections', async () => {
    for (let i = 0; i < 20; i++) expect(await freePort()).toBeLessThan(ephemeralLow);
  });

  it('finds a base whose every offset is free and still below that range', async () => {
    const offsets = [0, 101, 105];
    const port = await freePort(offsets);
    expect(port + 105).toBeLessThan(ephemeralLow);
    for (const offset of offsets) expect(await isPortFree(port + offset)).toBe(true);
  });

  it('never gives a port fetch refuses (10080), for the base or an offset', async () => {
    const range = ephemeralLow - 10_000;
    const draws = [80.5 / range, 79.5 / range, 5_000.5 / range];
    const random = jest.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.5);
    try {
      expect(await freePort([0])).not.toBe(10_080);
      draws.unshift(79.5 / range);
      const base = await freePort([0, 1]);
      expect([base, base + 1]).not.toContain(10_080);
    } finally {
      random.mockRestore();
    }
  });
});
