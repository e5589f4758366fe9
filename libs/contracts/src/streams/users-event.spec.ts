import { describe, expect, it } from '@jest/globals';
import { readUsersEvent, usersEventText } from './users-event.js';

const ARGS_JSON = '[{"title":"#general","text":"a: ],\\"args\\":[1]","payload":{"ts":{"$date":1764867600500}}}]';

describe('a users event as NATS text', () => {
  it.each<[string, string[]]>([
    ['plain ids', ['u1', 'u2']],
    ['ids with quotes, backslashes and the mark itself', ['d"ave', 'back\\slash', '],"args":[', 'é😀']],
    ['no ids', []],
  ])('reads back the event, the users and the args as published: %s', (_kind, userIds) => {
    const text = usersEventText('notification', userIds, ARGS_JSON);
    expect(JSON.parse(text)).toEqual({ event: 'notification', userIds, args: JSON.parse(ARGS_JSON) });
    expect(readUsersEvent(text)).toEqual({ event: 'notification', userIds, argsJson: ARGS_JSON });
  });

  it.each([
    ['not JSON', 'nonsense'],
    ['no args', '{"event":"notification","userIds":["u1"]}'],
    ['a broken head', '{"event":"notification","userIds":["u1"],"args":[]}'.replace('"userIds"', 'userIds')],
    ['ids not a list', '{"event":"notification","userIds":"u1"],"args":[]}'],
    ['no event', '{"userIds":["u1"],"args":[]}'],
    ['cut short', '{"event":"notification","userIds":["u1"],"args":[1]'],
  ])('is undefined for another text: %s', (_kind, text) => {
    expect(readUsersEvent(text)).toBeUndefined();
  });
});
