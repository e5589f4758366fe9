import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@rc/contracts';
import { aggregate, parseComment, parseScore } from './nps-score.js';

describe('parseScore', () => {
  it('takes 0 to 10, as numbers or the text a scale sends', () => {
    expect([0, 10, '7', ' 9 '].map(parseScore)).toEqual([0, 10, 7, 9]);
  });

  it.each([11, -1, 7.5, '11', 'ten', '', null, undefined, [5], { $gt: 0 }])('refuses %p', (value) => {
    expect(() => parseScore(value)).toThrow(new DomainError('error-invalid-nps-score', 'The score must be an integer from 0 to 10'));
  });
});

describe('parseComment', () => {
  it('takes text or nothing, and refuses anything else', () => {
    expect(parseComment(undefined)).toBe('');
    expect(parseComment('fine')).toBe('fine');
    expect(() => parseComment({ text: 'x' })).toThrow(DomainError);
    expect(() => parseComment('x'.repeat(2001))).toThrow(DomainError);
  });
});

describe('aggregate', () => {
  it('counts promoters (9–10), passives (7–8) and detractors (0–6) and scores % promoters − % detractors', () => {
    const counts = new Map([
      [10, 3],
      [9, 1],
      [8, 2],
      [6, 1],
      [0, 1],
    ]);
    expect(aggregate(counts)).toEqual({ total: 8, promoters: 4, passives: 2, detractors: 2, score: 25 });
  });

  it('has no score before the first vote', () => {
    expect(aggregate(new Map())).toEqual({ total: 0, promoters: 0, passives: 0, detractors: 0, score: null });
  });
});
