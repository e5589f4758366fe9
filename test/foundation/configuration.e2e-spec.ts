import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { appEntry } from '@rc/local-stack';

const start = (app: string, env: Record<string, string>) =>
  spawnSync(process.execPath, [appEntry(app)], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 20_000 });

describe('configuration', () => {
  it('refuses to start on a bad variable and names it', () => {
    const result = start('accounts', { MONGO_URL: 'postgres://db', PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('MONGO_URL');
    expect(result.stderr).toContain('PORT');
    expect(result.stderr).toContain('"eighty"');
  });

  it('names an invalid enum value', () => {
    const result = start('core', { REALTIME_SOURCE: 'carrier-pigeon' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('REALTIME_SOURCE');
  });

  it("refuses a BIND_IP that is no IP address (Rocket.Chat's listening address)", () => {
    const result = start('gateway', { BIND_IP: 'localhost' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('BIND_IP');
    expect(result.stderr).toContain('expected an IPv4 or IPv6 address');
  });

  it("reads Rocket.Chat's TRANSPORTER as the broker URL, and names it when it is no NATS URL", () => {
    const result = start('gateway', { TRANSPORTER: 'TCP' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('TRANSPORTER');
    expect(result.stderr).toContain('"TCP"');
  });
});
