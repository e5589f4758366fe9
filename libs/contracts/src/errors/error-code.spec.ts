import { describe, expect, it } from '@jest/globals';
import { ErrorCode } from './error-code.js';

describe('ErrorCode', () => {
  it('names each Rocket.Chat error id once', () => {
    const byId = new Map<string, string[]>();
    for (const [name, id] of Object.entries(ErrorCode)) byId.set(id, [...(byId.get(id) ?? []), name]);
    expect([...byId].filter(([, names]) => names.length > 1)).toEqual([]);
  });
});
