import { describe, expect, it } from '@jest/globals';
import { baseEnv, databaseVars, portVar } from './base-env.js';
import { ConfigError, loadConfig, loadConfigWithNotices } from './load-config.js';

const schema = baseEnv.extend({ ...portVar(3000), ...databaseVars });

describe('Rocket.Chat environment names', () => {
  it('reads the broker URL from TRANSPORTER when NATS_URL is unset', () => {
    const { config, notices } = loadConfigWithNotices(schema, { TRANSPORTER: 'nats://nats:4222' });
    expect(config.NATS_URL).toBe('nats://nats:4222');
    expect(notices).toEqual([]);
  });

  it('prefers NATS_URL over TRANSPORTER, and says so when they differ', () => {
    const { config, notices } = loadConfigWithNotices(schema, { TRANSPORTER: 'nats://old:4222', NATS_URL: 'nats://new:4222' });
    expect(config.NATS_URL).toBe('nats://new:4222');
    expect(notices).toEqual(['TRANSPORTER is ignored: NATS_URL is set and takes precedence']);
    expect(loadConfigWithNotices(schema, { TRANSPORTER: 'nats://same:4222', NATS_URL: 'nats://same:4222' }).notices).toEqual([]);
  });

  it('names TRANSPORTER when its value is not a NATS URL (Rocket.Chat also allows TCP, Redis, …)', () => {
    expect(() => loadConfig(schema, { TRANSPORTER: 'TCP' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { TRANSPORTER: 'TCP' })).toThrow(/TRANSPORTER: .*NATS is the only transporter.*\(got "TCP"\)/);
  });

  it('ignores TRANSPORTER, even an invalid one, when NATS_URL is set', () => {
    expect(loadConfig(schema, { TRANSPORTER: 'TCP', NATS_URL: 'nats://a:4222' }).NATS_URL).toBe('nats://a:4222');
  });

  it('ignores MONGO_OPLOG_URL with one notice', () => {
    const { config, notices } = loadConfigWithNotices(schema, { MONGO_OPLOG_URL: 'mongodb://mongo:27017/local?replicaSet=rs0' });
    expect(config).not.toHaveProperty('MONGO_OPLOG_URL');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^MONGO_OPLOG_URL is ignored/);
  });

  it('accepts INSTANCE_IP as an IPv4 or IPv6 address, and nothing else', () => {
    expect(loadConfig(schema, { INSTANCE_IP: '10.1.2.3' }).INSTANCE_IP).toBe('10.1.2.3');
    expect(loadConfig(schema, { INSTANCE_IP: 'fd00::1' }).INSTANCE_IP).toBe('fd00::1');
    expect(loadConfig(schema, {}).INSTANCE_IP).toBeUndefined();
    expect(() => loadConfig(schema, { INSTANCE_IP: 'pod-1' })).toThrow(/INSTANCE_IP/);
  });
});
