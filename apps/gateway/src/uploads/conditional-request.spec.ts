import { describe, expect, it } from '@jest/globals';
import { isNotModified } from './conditional-request.js';

const at = 'Wed, 02 Dec 2026 10:00:00 GMT';
const ask = (headers: Record<string, string>) => isNotModified({ headers }, '"v1"', at);

describe('isNotModified', () => {
  it('compares ETags, a list of them and *', () => {
    expect(ask({ 'if-none-match': '"v1"' })).toBe(true);
    expect(ask({ 'if-none-match': '"v0", "v1"' })).toBe(true);
    expect(ask({ 'if-none-match': '*' })).toBe(true);
    expect(ask({ 'if-none-match': '"v2"' })).toBe(false);
  });

  it('compares dates only without If-None-Match, and ignores a date it cannot read', () => {
    expect(ask({ 'if-modified-since': at })).toBe(true);
    expect(ask({ 'if-modified-since': 'Wed, 02 Dec 2026 11:00:00 GMT' })).toBe(true);
    expect(ask({ 'if-modified-since': 'Wed, 02 Dec 2026 09:59:59 GMT' })).toBe(false);
    expect(ask({ 'if-modified-since': 'yesterday-ish' })).toBe(false);
    expect(ask({ 'if-none-match': '"v2"', 'if-modified-since': at })).toBe(false);
    expect(ask({})).toBe(false);
  });
});
