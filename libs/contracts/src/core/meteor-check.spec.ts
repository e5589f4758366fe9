import { describe, expect, it } from '@jest/globals';
import { check, Match, type MatchPattern } from './meteor-check.js';

const TEAM = Match.OneOf(Match.ObjectIncluding({ teamId: String }), Match.ObjectIncluding({ teamName: String }));
const UPDATE_ROOM = Match.ObjectIncluding({ roomId: String, isDefault: Boolean });
const CREATE = Match.ObjectIncluding({ name: String, type: Match.OneOf(0, 1), members: Match.Maybe([String]), owner: Match.Maybe(String) });

const failure = (value: unknown, pattern: MatchPattern) => {
  try {
    check(value, pattern);
    return undefined;
  } catch (error) {
    return (error as { reason: string }).reason;
  }
};

describe("Meteor's check() as Rocket.Chat's REST routes answer it", () => {
  it.each([
    ['a missing key', {}, UPDATE_ROOM, "Match error: Missing key 'roomId'"],
    [
      'a wrong type, with the field',
      { roomId: 'r', isDefault: 'yes' },
      UPDATE_ROOM,
      'Match error: Expected boolean, got string in field isDefault',
    ],
    [
      'an array where a string is expected',
      { roomId: ['r'], isDefault: true },
      UPDATE_ROOM,
      'Match error: Expected string, got object in field roomId',
    ],
    ['no branch of a OneOf', {}, TEAM, 'Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation'],
    [
      'a OneOf of literals in a field',
      { name: 'n', type: 2 },
      CREATE,
      'Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation in field type',
    ],
    ['an array item', { name: 'n', type: 0, members: ['a', 3] }, CREATE, 'Match error: Expected string, got number in field members[1]'],
    ['a bare String', undefined, String, 'Match error: Expected string, got undefined'],
    ['a bare String given null', null, String, 'Match error: Expected string, got null'],
  ])('%s', (_name, value, pattern, text) => {
    expect(failure(value, pattern)).toBe(text);
  });

  it.each([
    ['either branch of a OneOf', { teamName: 't', other: 1 }, TEAM],
    ['Maybe keys absent or null', { name: 'n', type: 1, owner: null }, CREATE],
    ['unknown keys of ObjectIncluding', { roomId: 'r', isDefault: false, extra: true }, UPDATE_ROOM],
  ])('lets through %s', (_name, value, pattern) => {
    expect(failure(value, pattern)).toBeUndefined();
  });

  it('fails with the text alone, as a plain failure (no errorType)', () => {
    expect(() => check({}, UPDATE_ROOM)).toThrow(expect.objectContaining({ code: 'failure' }));
  });
});
