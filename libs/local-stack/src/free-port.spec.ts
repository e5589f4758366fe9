import { describe, expect, it } from '@jest/globals';
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
});
