import { describe, expect, it } from '@jest/globals';
import { baseEnv, databaseVars, portVar } from './base-env.js';
import { ConfigError, loadConfig } from './load-config.js';

const schema = baseEnv.extend({ ...portVar(3000), ...databaseVars });

describe('loadConfig', () => {
  it('applies defaults for unset and empty variables', () => {
    const config = loadConfig(schema, { NATS_URL: '', PORT: '4000' });
    expect(config.PORT).toBe(4000);
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(config.MONGO_URL).toMatch(/^mongodb:\/\//);
  });

  it('names every invalid variable and its value', () => {
    let error: unknown;
    try {
      loadConfig(schema, { PORT: 'eighty', MONGO_URL: 'postgres://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('"eighty"');
    expect(message).toContain('MONGO_URL');
    expect(message).toContain('LOG_LEVEL');
    expect((error as ConfigError).problems).toHaveLength(3);
  });
});
