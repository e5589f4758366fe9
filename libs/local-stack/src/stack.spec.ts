import { describe, expect, it } from '@jest/globals';
import { readsChangeStreams } from './stack.js';

describe('readsChangeStreams (whether the local database keeps an oplog)', () => {
  it('is false by default: the services publish their realtime events themselves', () => {
    expect(readsChangeStreams({}, {})).toBe(false);
    expect(readsChangeStreams({ env: { REALTIME_SOURCE: 'direct' } }, {})).toBe(false);
  });

  it('is true when stream-hub is the realtime source, from the environment, the stack or stream-hub alone', () => {
    expect(readsChangeStreams({}, { REALTIME_SOURCE: 'stream-hub' })).toBe(true);
    expect(readsChangeStreams({ env: { REALTIME_SOURCE: 'stream-hub' } }, {})).toBe(true);
    expect(readsChangeStreams({ appEnv: { 'stream-hub': { REALTIME_SOURCE: 'stream-hub' } } }, {})).toBe(true);
  });

  it('lets the stack override the environment, as the apps see it', () => {
    expect(readsChangeStreams({ env: { REALTIME_SOURCE: 'direct' } }, { REALTIME_SOURCE: 'stream-hub' })).toBe(false);
    expect(readsChangeStreams({ appEnv: { core: { REALTIME_SOURCE: 'stream-hub' } } }, {})).toBe(false);
  });
});
