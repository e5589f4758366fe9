import { parse } from '@rocket.chat/message-parser';

/** What the message text refers to, read from its parsed form. */
export interface MessageReferences {
  /** `@name` mentions, `all` and `here` included, in order, without duplicates. */
  users: string[];
  /** `#name` mentions. */
  channels: string[];
  /** Links, for `urls`. */
  urls: string[];
}

/** Rocket.Chat's `md`: the message parsed by `@rocket.chat/message-parser`, as the server stores it. */
export function parseMarkdown(msg: string): unknown[] {
  if (!msg) return [];
  // Most chat lines have no markup: the parser's answer is known without running it (about 0.2 ms a message).
  if (isPlainText(msg)) return plainParagraph(msg);
  try {
    return parse(msg, { emoticons: true });
  } catch {
    // The parser answers any text; should it ever fail, the message is stored as one plain paragraph.
    return plainParagraph(msg);
  }
}

/** The `md` of a text taken as it is, without markup. */
export function plainParagraph(msg: string): unknown[] {
  return msg ? [{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: msg }] }] : [];
}

const SPACE = 0x20;
const DOT = 0x2e;
/** `,` `?` `!` `'` `"`: alone or together with letters, digits and spaces, no rule of the parser starts on them. */
const PUNCTUATION = new Set([0x2c, 0x3f, 0x21, 0x27, 0x22]);

const isAlphanumeric = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/**
 * Whether the parser reads the text as one plain paragraph (`plainParagraph`), decided without running it: only
 * ASCII letters, digits, spaces and `,?!'"`, and `.` at a word's end (followed by a space, punctuation or the end: a
 * `.` inside a word can be a link, `example.com`), not after a leading number (`1. item` is an ordered list). Every
 * emoticon, link, mention, list, quote, emphasis and line break needs a character outside this set (`;D`, `:)`,
 * `B)`, `=L`, `-`, `_`, `*`, `~`, `#`, `@`, `>`, `|`, a newline…); `markdown.spec.ts` checks the answer against the
 * parser on a corpus of texts in and around the set.
 */
export function isPlainText(msg: string): boolean {
  const length = msg.length;
  /** Still in the leading spaces and digits (a `.` there makes an ordered list). */
  let leading = true;
  let digits = false;
  for (let i = 0; i < length; i++) {
    const c = msg.charCodeAt(i);
    if (c === DOT) {
      if (leading && digits) return false;
      const next = i + 1 < length ? msg.charCodeAt(i + 1) : SPACE;
      if (next !== SPACE && next !== DOT && !PUNCTUATION.has(next)) return false;
    } else if (!isAlphanumeric(c) && c !== SPACE && !PUNCTUATION.has(c)) {
      return false;
    }
    if (leading) {
      if (c >= 0x30 && c <= 0x39) digits = true;
      else if (c !== SPACE || digits) leading = false;
    }
  }
  return true;
}

/** Whether a text parses in about a millisecond: short, with no long word (the parser's cost grows with them). */
export function isQuickToParse(msg: string, maxLength = 500, maxWord = 64): boolean {
  if (msg.length > maxLength) return false;
  let run = 0;
  for (let i = 0; i < msg.length; i++) {
    run = /\s/.test(msg[i]) ? 0 : run + 1;
    if (run > maxWord) return false;
  }
  return true;
}

/** Walks the parsed message for mentions and links (any depth: inside bold, quotes, lists, …). */
export function findReferences(md: unknown[]): MessageReferences {
  const users = new Set<string>();
  const channels = new Set<string>();
  const urls = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const { type, value } = node as { type?: string; value?: unknown };
    if (type === 'MENTION_USER') users.add(plainText(value));
    else if (type === 'MENTION_CHANNEL') channels.add(plainText(value));
    else if (type === 'LINK') {
      const src = plainText((value as { src?: unknown } | undefined)?.src);
      if (src) urls.add(src);
    }
    if (typeof value === 'object') visit(value);
  };
  visit(md);
  users.delete('');
  channels.delete('');
  return { users: [...users], channels: [...channels], urls: [...urls] };
}

function plainText(node: unknown): string {
  return typeof node === 'object' && node !== null && typeof (node as { value?: unknown }).value === 'string'
    ? (node as { value: string }).value
    : '';
}
