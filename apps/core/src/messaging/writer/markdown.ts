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
