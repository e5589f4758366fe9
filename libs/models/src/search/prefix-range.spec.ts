import { describe, expect, it } from '@jest/globals';
import { prefixFilter, prefixMatch } from './prefix-range.js';

const within = (value: string, prefix: string) => {
  const { pattern, range } = prefixMatch(prefix);
  return pattern.test(value) && value >= range.$gte && (range.$lt === undefined || value < range.$lt);
};

describe('prefixMatch', () => {
  it('keeps every case variant of the prefix inside the range', () => {
    for (const name of ['ab', 'AB', 'aB', 'Ab', 'abc', 'ABZZZ', 'ab\u00e9']) expect(within(name, 'Ab')).toBe(true);
    for (const name of ['a', 'ac', 'ba', 'xab', 'Ac']) expect(within(name, 'Ab')).toBe(false);
  });

  it('escapes the input, so it never becomes a pattern', () => {
    expect(within('a.*b', 'a.*')).toBe(true);
    expect(within('abc', 'a.*')).toBe(false);
  });

  it('ranges over every string for an empty prefix', () => {
    expect(prefixMatch('')).toEqual({ pattern: /^/i, range: { $gte: '' } });
  });

  it('puts the range on the field and the pattern and other conditions under $and', () => {
    expect(prefixFilter('username', 'Al', { $nin: ['bob'] })).toEqual({
      username: { $gte: 'AL', $lt: 'al\uffff' },
      $and: [{ username: /^Al/i }, { username: { $nin: ['bob'] } }],
    });
  });
});
