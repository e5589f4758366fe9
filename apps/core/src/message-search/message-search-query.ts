import { DomainError, ErrorCode } from '@rc/contracts';
import { escapeRegExp } from '@rc/models';

/**
 * Rocket.Chat's message search syntax (`parseMessageSearchQuery`): operators are taken out of the text, in
 * Rocket.Chat's order, and what remains is the text to find.
 *
 * - `from:alice` (`from:me` is the caller), `mention:bob`: several of one kind match any of them;
 * - `has:star` (starred by the caller), `has:url` / `has:link`, `is:pinned` / `has:pin`, `has:location` / `has:map`;
 * - `label:"x"`, `file-desc:"x"`, `file-title:"x"` (an attachment's labels, description, title);
 * - `before:d/m/yyyy`, `after:d/m/yyyy` (from the day after), `on:d/m/yyyy` (`.` or `-` also separate), days
 *   starting at midnight in the caller's UTC offset;
 * - `order:asc|desc` (or `sort:`; `ascending` read whole, where Rocket.Chat's pattern stops at `asc`), newest first by default;
 * - the rest: a case-insensitive literal match in the text or an attachment's text, title or description,
 *   or a regular expression written `/pattern/flags` (flags among `imxs`; always a pattern with `forceRegex`).
 *   Fewer than two characters: no text condition. A pattern that does not compile is refused.
 *
 * Rocket.Chat answers a plain text with MongoDB's `$text` (word stems, its `msg` text index); this server
 * matches the literal text, which the local database can serve too: every search is bounded to the rooms
 * asked for, so the `rid, ts` index narrows it (see the README's "Search").
 */
export interface MessageSearchQuery {
  /** The MongoDB conditions (without the room and visibility conditions, which the caller adds). */
  filter: Record<string, unknown>;
  sort: { ts: 1 | -1 };
  /** No condition at all: Rocket.Chat answers no message. */
  empty: boolean;
}

export interface MessageSearchUser {
  _id: string;
  username: string;
  /** Hours from UTC (`users.utcOffset`). */
  utcOffset?: number;
  /** Take the text as a pattern even without slashes (`Message_AlwaysSearchRegExp`, CJK text). */
  forceRegex?: boolean;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Midnight starting day `d` of month `m` of year `y` in the caller's UTC offset. */
function startOfDay(day: string, month: string, year: string, utcOffset: number): Date {
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)) - utcOffset * HOUR);
}

const DATE = String.raw`(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})`;

export function parseMessageSearchQuery(input: string, user: MessageSearchUser): MessageSearchQuery {
  const filter: Record<string, unknown> = {};
  let sort: { ts: 1 | -1 } = { ts: -1 };
  const utcOffset = user.utcOffset ?? 0;
  const anyOf = (values: string[]) => ({ $regex: values.map(escapeRegExp).join('|'), $options: 'i' });
  const ts = () => (filter.ts ?? {}) as Record<string, Date>;

  const from: string[] = [];
  const mentions: string[] = [];
  const steps: Array<(text: string) => string> = [
    (text) =>
      text.replace(/from:([a-z0-9.\-_]+)/gi, (_m, username: string) => {
        from.push(username === 'me' ? user.username : username);
        filter['u.username'] = anyOf(from);
        return '';
      }),
    (text) =>
      text.replace(/mention:([a-z0-9.\-_]+)/gi, (_m, username: string) => {
        mentions.push(username);
        filter['mentions.username'] = anyOf(mentions);
        return '';
      }),
    (text) =>
      text.replace(/has:star/g, () => {
        filter['starred._id'] = user._id;
        return '';
      }),
    (text) =>
      text.replace(/has:url|has:link/g, () => {
        filter['urls.0'] = { $exists: true };
        return '';
      }),
    (text) =>
      text.replace(/is:pinned|has:pin/g, () => {
        filter.pinned = true;
        return '';
      }),
    (text) =>
      text.replace(/has:location|has:map/g, () => {
        filter.location = { $exists: true };
        return '';
      }),
    ...(
      [
        ['label', 'attachments.0.labels'],
        ['file-desc', 'attachments.description'],
        ['file-title', 'attachments.title'],
      ] as const
    ).map(
      ([operator, field]) =>
        (text: string) =>
          text.replace(new RegExp(`${operator}:"([^"]+)"|${operator}:"?([^\\s"]+[^"]?)"?`, 'gu'), (_m, quoted?: string, bare?: string) => {
            const value = (quoted ?? bare)?.trim();
            if (value) filter[field] = { $regex: escapeRegExp(value), $options: 'i' };
            return '';
          }),
    ),
    (text) =>
      text.replace(new RegExp(`before:${DATE}`, 'g'), (_m, d: string, m: string, y: string) => {
        filter.ts = { ...ts(), $lte: startOfDay(d, m, y, utcOffset) };
        return '';
      }),
    (text) =>
      text.replace(new RegExp(`after:${DATE}`, 'g'), (_m, d: string, m: string, y: string) => {
        filter.ts = { ...ts(), $gte: new Date(startOfDay(d, m, y, utcOffset).getTime() + DAY) };
        return '';
      }),
    (text) =>
      text.replace(new RegExp(`on:${DATE}`, 'g'), (_m, d: string, m: string, y: string) => {
        const start = startOfDay(d, m, y, utcOffset);
        filter.ts = { $gte: start, $lt: new Date(start.getTime() + DAY) };
        return '';
      }),
    (text) =>
      text.replace(/(?:order|sort):(ascending|ascend|asc|descending|descend|desc)/g, (_m, direction: string) => {
        sort = { ts: direction.startsWith('asc') ? 1 : -1 };
        return '';
      }),
  ];
  const rest = steps
    .reduce((text, step) => step(text), input)
    .trim()
    .replace(/\s\s+/g, ' ');

  if (rest.length >= 2) {
    const written = /^\/(.+)\/([imxs]*)$/.exec(rest);
    const pattern = written ? written[1] : user.forceRegex ? rest : escapeRegExp(rest);
    const flags = written ? written[2] : 'i';
    if (written || user.forceRegex) {
      try {
        new RegExp(pattern, flags.replace('x', ''));
      } catch {
        throw new DomainError(ErrorCode.InvalidRegularExpression, 'Invalid regular expression');
      }
    }
    const match = { $regex: pattern, $options: flags };
    filter.$or = [{ msg: match }, { 'attachments.text': match }, { 'attachments.title': match }, { 'attachments.description': match }];
  }
  return { filter, sort, empty: Object.keys(filter).length === 0 };
}
