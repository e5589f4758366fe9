import { describe, expect, it } from '@jest/globals';
import { isAcceptedMediaType } from './media-type-rules.js';

describe('isAcceptedMediaType', () => {
  it('refuses what the black list names, exactly or by group', () => {
    expect(isAcceptedMediaType('image/svg+xml', '', 'image/svg+xml')).toBe(false);
    expect(isAcceptedMediaType('image/png', '', 'image/*')).toBe(false);
    expect(isAcceptedMediaType('image/png', '', 'image/svg+xml')).toBe(true);
  });

  it('with a white list, accepts only what it names; the black list still wins', () => {
    expect(isAcceptedMediaType('application/pdf', 'image/*, text/plain', '')).toBe(false);
    expect(isAcceptedMediaType('IMAGE/PNG', 'image/*', '')).toBe(true);
    expect(isAcceptedMediaType('text/plain', 'text/plain', 'text/plain')).toBe(false);
  });
});
