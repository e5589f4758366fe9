import { describe, expect, it } from '@jest/globals';
import { nestedDeeperThan } from './json-depth.js';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

describe('nestedDeeperThan', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(nestedDeeperThan('text', 0)).toBe(false);
    expect(nestedDeeperThan({ a: 1, b: [1, 2] }, 2)).toBe(false);
    expect(nestedDeeperThan({ a: 1, b: [1, 2] }, 1)).toBe(true);
    expect(nestedDeeperThan(nested(64), 64)).toBe(false);
    expect(nestedDeeperThan(nested(65), 64)).toBe(true);
  });

  it('walks any depth without overflowing the stack', () => {
    expect(nestedDeeperThan(nested(200_000))).toBe(true);
  });
});
