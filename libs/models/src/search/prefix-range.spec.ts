import { describe, expect, it } from '@jest/globals';
import { prefixMatch } from './prefix-range.js';

const within = (value: string, m: ReturnType<typeof prefixMatch>) =>
  m.$regex.test(value) && (m.$gte === undefined || (value >= m.$gte && value < (m.$lt as string)));

describe('prefixMatch', () => {
  it('keeps every case variant of the prefix inside the range', () => {
    const m = prefixMatch('Ab');
    for (const name of ['ab', 'AB', 'aB', 'Ab', 'abc', 'ABZZZ', 'ab\u00e9']) expect(within(name, m)).toBe(true);
    for (const name of ['a', 'ac', 'ba', 'xab', 'Ac']) expect(within(name, m)).toBe(false);
  });

  it('escapes the input, so it never becomes a pattern', () => {
    const m = prefixMatch('a.*');
    expect(within('a.*b', m)).toBe(true);
    expect(within('abc', m)).toBe(false);
  });

  it('gives no range for an empty prefix', () => {
    expect(prefixMatch('')).toEqual({ $regex: /^/i });
  });
});
