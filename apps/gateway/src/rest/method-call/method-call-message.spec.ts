import { describe, expect, it } from '@jest/globals';
import { parseMethodCall } from './method-call-message.js';

const body = (message: Record<string, unknown>) => ({ message: JSON.stringify(message) });

describe('parseMethodCall (REST method.call)', () => {
  it('takes a numeric id as Rocket.Chat coerces it: the string of its digits', () => {
    expect(parseMethodCall(body({ msg: 'method', id: 7, method: 'getRoomRoles', params: ['GENERAL'] }))).toEqual({
      id: '7',
      method: 'getRoomRoles',
      params: ['GENERAL'],
    });
  });

  it.each([
    ['no msg', { id: '1', method: 'm', params: [] }],
    ['an object id', { msg: 'method', id: {}, method: 'm', params: [] }],
    ['a numeric method', { msg: 'method', id: '1', method: 5, params: [] }],
    ['params not a list', { msg: 'method', id: '1', method: 'm', params: {} }],
  ])('refuses %s', (_what, message) => {
    expect(() => parseMethodCall(body(message))).toThrow('Invalid method call');
  });
});
