import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@rc/contracts';
import { assertValidRoomName, nameTaken } from './room-naming.js';

describe('room naming', () => {
  it("accepts names matching the whole pattern and refuses others with Rocket.Chat's error", () => {
    expect(() => assertValidRoomName('general-2.x_y', '[0-9a-zA-Z-_.]+')).not.toThrow();
    const error = (() => {
      try {
        assertValidRoomName('no spaces <b>', '[0-9a-zA-Z-_.]+');
      } catch (e) {
        return e as DomainError;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error!.code).toBe('error-invalid-room-name');
    expect(error!.reason).toBe('no spaces &lt;b&gt; is not a valid room name.');
  });

  it("refuses Rocket.Chat's blocked names and names that read as something else, which its pattern lets through", () => {
    for (const name of ['.', '..', '...', '__proto__', 'constructor', 'prototype', 'System', 'user']) {
      expect(() => assertValidRoomName(name, '[0-9a-zA-Z-_.]+')).toThrow('is not a valid room name.');
    }
    expect(() => assertValidRoomName('v1.2', '[0-9a-zA-Z-_.]+')).not.toThrow();
    expect(() => assertValidRoomName('my-constructor', '[0-9a-zA-Z-_.]+')).not.toThrow();
  });

  it('falls back to the default pattern when the configured one is broken', () => {
    expect(() => assertValidRoomName('ok', '([')).not.toThrow();
    expect(() => assertValidRoomName('not ok', '([')).toThrow(DomainError);
  });

  it('tells a duplicate name from an archived duplicate', () => {
    expect(nameTaken('x', false).code).toBe('error-duplicate-channel-name');
    expect(nameTaken('x', true).code).toBe('error-archived-duplicate-name');
  });
});
