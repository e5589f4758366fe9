import { describe, expect, it } from '@jest/globals';
import { parse } from '@rocket.chat/message-parser';
import { findReferences, isPlainText, isQuickToParse, parseMarkdown, plainParagraph } from './markdown.js';

/** The parser itself, as parseMarkdown called it before its plain-text path. */
const parser = (msg: string): unknown[] => parse(msg, { emoticons: true });

/** A seeded generator (the corpus is the same on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

const WORD = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** Inside the plain set, and every character some rule of the parser starts on (emoticons, links, markup). */
const INSIDE = ' ,.?!\'"';
const OUTSIDE = ':;()[]{}<>=-_*~`#@|/\\+$%&^\t\n\r0OBXDPLb3yé😀';

/** Texts made of words, spaces and punctuation, with one character of `extra` here and there. */
function corpus(seed: number, count: number, extra: string): string[] {
  const next = random(seed);
  const pick = (chars: string) => [...chars][Math.floor(next() * [...chars].length)];
  const texts: string[] = [];
  for (let n = 0; n < count; n++) {
    let text = next() < 0.1 ? pick(' 0123456789') : '';
    const words = 1 + Math.floor(next() * 8);
    for (let w = 0; w < words; w++) {
      if (next() < 0.15) text += pick(INSIDE + extra);
      const length = 1 + Math.floor(next() * 7);
      for (let k = 0; k < length; k++) text += next() < 0.1 ? pick(INSIDE + extra) : pick(WORD);
      if (next() < 0.4) text += pick(INSIDE + extra);
      if (w < words - 1) text += next() < 0.9 ? ' ' : pick(INSIDE + extra);
    }
    texts.push(text);
  }
  return texts;
}

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

  it('answers plain text without the parser, exactly as the parser does (a corpus in and around the plain set)', () => {
    const texts = [
      'bench message w1a2b3c4d5',
      'hello world',
      'Hi there, how are you?',
      'it\'s done. Really! "Quoted" words...',
      'e.g. this, i.e. that. Ok?!',
      '  leading and trailing spaces  ',
      '1 2 3',
      'xD XD DX xP',
      'a. b',
      '10. item',
      ' 1. item',
      'example.com',
      'see rocket.chat now',
      'ok.done',
      'hi ;D',
      'D:',
      'B)',
      '8)',
      '=L',
      '- item',
      'a\nb',
      '> quote',
      '*bold* _it_ ~strike~ `code`',
      '@bob #general',
      'x'.repeat(600),
      `${'word '.repeat(200)}end.`,
      ...corpus(1, 1200, ''),
      ...[...OUTSIDE].flatMap((extra, i) => corpus(100 + i, 40, extra)),
    ];
    let plain = 0;
    for (const text of texts) {
      if (isPlainText(text)) plain++;
      // The text beside its md, so that a failure names it.
      expect([text, parseMarkdown(text)]).toEqual([text, parser(text)]);
    }
    // The corpus exercises the fast path, and texts with markup stay with the parser.
    expect(plain).toBeGreaterThan(800);
    for (const text of ['example.com', 'hi ;D', 'D:', '10. item', '- item', 'a\nb', '@bob', 'é', '😀'])
      expect([text, isPlainText(text)]).toEqual([text, false]);
  });
});
