import { describe, expect, it } from '@jest/globals';
import { qsParam } from './wire-params.js';

describe("qsParam: a query parameter as Rocket.Chat's `qs` reads it", () => {
  it.each([
    ['absent', {}, undefined],
    ['a single value stays a string', { status: 'online' }, 'online'],
    ['a repeated key is an array', { status: ['online', 'away'] }, ['online', 'away']],
    ['name[] is an array', { 'status[]': 'online' }, ['online']],
    ['name[] repeated', { 'status[]': ['online', 'busy'] }, ['online', 'busy']],
    ['name[0], name[1]', { 'status[0]': 'online', 'status[1]': 'away' }, ['online', 'away']],
    ['name and name[] together', { status: 'online', 'status[]': 'away' }, ['online', 'away']],
    ['a JSON text stays a string', { status: '["online"]' }, '["online"]'],
    ['name[key] is an object', { 'status[x]': 'y' }, { x: 'y' }],
    ['other keys are not read', { statuses: 'x' }, undefined],
  ])('%s', (_case, params, expected) => {
    expect(qsParam(params, 'status')).toEqual(expected);
  });
});
