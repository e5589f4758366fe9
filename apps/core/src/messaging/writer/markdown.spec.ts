import { describe, expect, it } from '@jest/globals';
import { findReferences, parseMarkdown } from './markdown.js';

describe('message markdown', () => {
  it('parses with the Rocket.Chat parser and finds mentions at any depth', () => {
    const md = parseMarkdown('hi @bob, *bold @carol* and @all in #general, see https://example.com/x');
    expect(md[0]).toMatchObject({ type: 'PARAGRAPH' });
    const refs = findReferences(md);
    expect(refs.users).toEqual(['bob', 'carol', 'all']);
    expect(refs.channels).toEqual(['general']);
    expect(refs.urls).toEqual(['https://example.com/x']);
  });

  it('finds nothing in plain text, and an empty message has no md', () => {
    expect(findReferences(parseMarkdown('just words'))).toEqual({ users: [], channels: [], urls: [] });
    expect(parseMarkdown('')).toEqual([]);
  });
});
