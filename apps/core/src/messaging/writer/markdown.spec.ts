import { describe, expect, it } from '@jest/globals';
import { findReferences, isQuickToParse, parseMarkdown, plainParagraph } from './markdown.js';

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

  it('tells texts quick to parse from long ones and words the parser is slow on', () => {
    expect(isQuickToParse('an ordinary message, with @mentions and #channels')).toBe(true);
    expect(isQuickToParse('x'.repeat(65))).toBe(false);
    expect(isQuickToParse('word '.repeat(101))).toBe(false);
    expect(plainParagraph('raw *text*')).toEqual([{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: 'raw *text*' }] }]);
  });
});
