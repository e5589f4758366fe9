import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@rc/contracts';
import { parseMessageSearchQuery } from './message-search-query.js';

const me = { _id: 'u1', username: 'alice' };
const textMatch = (regex: string, options = 'i') => {
  const match = { $regex: regex, $options: options };
  return [{ msg: match }, { 'attachments.text': match }, { 'attachments.title': match }, { 'attachments.description': match }];
};

describe('parseMessageSearchQuery', () => {
  it('matches the remaining text literally, case-insensitively, in the text and the attachments', () => {
    const { filter, sort, empty } = parseMessageSearchQuery('  what (is)   this?  ', me);
    expect(filter).toEqual({ $or: textMatch('what \\(is\\) this\\?') });
    expect(sort).toEqual({ ts: -1 });
    expect(empty).toBe(false);
  });

  it('takes /pattern/flags as a regular expression and refuses one that does not compile', () => {
    expect(parseMessageSearchQuery('/^he+y$/m', me).filter).toEqual({ $or: textMatch('^he+y$', 'm') });
    expect(() => parseMessageSearchQuery('/a(b/', me)).toThrow(DomainError);
  });

  it('takes the whole text as a pattern when forced (Message_AlwaysSearchRegExp)', () => {
    expect(parseMessageSearchQuery('he.lo', { ...me, forceRegex: true }).filter).toEqual({ $or: textMatch('he.lo') });
    expect(() => parseMessageSearchQuery('a[b', { ...me, forceRegex: true })).toThrow(DomainError);
  });

  it('has no condition for fewer than two characters, and no condition at all for an empty text', () => {
    expect(parseMessageSearchQuery('a', me)).toMatchObject({ filter: {}, empty: true });
    expect(parseMessageSearchQuery('   ', me).empty).toBe(true);
  });

  it('filters by authors (from:me is the caller) and mentions, several of a kind meaning any', () => {
    const { filter } = parseMessageSearchQuery('from:me from:bob.x mention:carol hello', me);
    expect(filter['u.username']).toEqual({ $regex: 'alice|bob\\.x', $options: 'i' });
    expect(filter['mentions.username']).toEqual({ $regex: 'carol', $options: 'i' });
    expect(filter.$or).toEqual(textMatch('hello'));
  });

  it('filters starred (by the caller), pinned, with links, with a location', () => {
    expect(parseMessageSearchQuery('has:star is:pinned has:url has:map', me).filter).toEqual({
      'starred._id': 'u1',
      pinned: true,
      'urls.0': { $exists: true },
      location: { $exists: true },
    });
    expect(parseMessageSearchQuery('has:pin has:link has:location', me).filter).toMatchObject({ pinned: true });
  });

  it('filters attachments by label, description and title, quoted or not', () => {
    const { filter, empty } = parseMessageSearchQuery('label:"big cat" file-desc:report file-title:"Q3 (draft)"', me);
    expect(filter).toEqual({
      'attachments.0.labels': { $regex: 'big cat', $options: 'i' },
      'attachments.description': { $regex: 'report', $options: 'i' },
      'attachments.title': { $regex: 'Q3 \\(draft\\)', $options: 'i' },
    });
    expect(empty).toBe(false);
  });

  it('bounds dates by whole days in the caller’s UTC offset: before the day, after the day, on the day', () => {
    expect(parseMessageSearchQuery('after:1/2/2026 before:10.02.2026', me).filter.ts).toEqual({
      $gte: new Date('2026-02-02T00:00:00Z'),
      $lte: new Date('2026-02-10T00:00:00Z'),
    });
    expect(parseMessageSearchQuery('on:5-3-2026', { ...me, utcOffset: 2 }).filter.ts).toEqual({
      $gte: new Date('2026-03-04T22:00:00Z'),
      $lt: new Date('2026-03-05T22:00:00Z'),
    });
  });

  it('sorts oldest first with order:asc (or sort:ascending), newest first otherwise', () => {
    expect(parseMessageSearchQuery('order:asc hello', me)).toMatchObject({ sort: { ts: 1 }, filter: { $or: textMatch('hello') } });
    expect(parseMessageSearchQuery('sort:ascending', me)).toMatchObject({ sort: { ts: 1 }, empty: true });
    expect(parseMessageSearchQuery('sort:desc', me).sort).toEqual({ ts: -1 });
  });

  it('leaves an unknown operator in the text', () => {
    expect(parseMessageSearchQuery('is:weird', me).filter).toEqual({ $or: textMatch('is:weird') });
  });
});
