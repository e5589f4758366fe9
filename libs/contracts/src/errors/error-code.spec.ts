import { describe, expect, it } from '@jest/globals';
import { ERROR_CODE_ALIASES, ErrorCode } from './error-code.js';

describe('ErrorCode', () => {
  it('names each Rocket.Chat error id once (apart from the listed aliases of shared codes)', () => {
    const aliases = new Set(Object.keys(ERROR_CODE_ALIASES));
    const byId = new Map<string, string[]>();
    for (const [name, id] of Object.entries(ErrorCode)) {
      if (aliases.has(name)) continue;
      byId.set(id, [...(byId.get(id) ?? []), name]);
    }
    expect([...byId].filter(([, names]) => names.length > 1)).toEqual([]);
    for (const [name, id] of Object.entries(ERROR_CODE_ALIASES)) {
      expect([name, Object.entries(ErrorCode).some(([other, value]) => other !== name && !aliases.has(other) && value === id)]).toEqual([
        name,
        true,
      ]);
    }
  });
});
