import { describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode, meteorErrorObject } from '@rc/contracts';
import { EncodedFrame, streamFrame } from './ddp-frames.js';
import { MeteorError, toMeteorError } from './meteor-error.js';

describe('toMeteorError', () => {
  it("keeps a domain error's id, reason and details", () => {
    const error = toMeteorError(new DomainError(ErrorCode.InvalidRoom, 'Invalid room', { method: 'joinRoom' }));
    expect(error.toJSON()).toEqual({
      isClientSafe: true,
      error: 'error-invalid-room',
      reason: 'Invalid room',
      message: 'Invalid room [error-invalid-room]',
      errorType: 'Meteor.Error',
      details: { method: 'joinRoom' },
    });
  });

  it('unwraps a Meteor error the REST answer serializes whole, and answers a failed check as Meteor does', () => {
    const refused = new DomainError(ErrorCode.CustomFieldInvalid, 'Field team is required', { method: 'registerUser' });
    expect(toMeteorError(meteorErrorObject(refused)).toJSON()).toEqual(toMeteorError(refused).toJSON());
    expect(toMeteorError(new DomainError(ErrorCode.MatchFailed, "Match error: Missing key 'name'")).toJSON()).toMatchObject({
      error: 400,
      reason: 'Match failed',
    });
  });

  it('writes a numeric Meteor error with its number', () => {
    expect(toMeteorError(new DomainError(ErrorCode.MeteorForbidden, 'Email already exists.')).toJSON()).toEqual({
      isClientSafe: true,
      error: 403,
      reason: 'Email already exists.',
      message: 'Email already exists. [403]',
      errorType: 'Meteor.Error',
    });
  });

  it('hides what went wrong inside the server', () => {
    expect(toMeteorError(new TypeError('secret stack')).toJSON()).toEqual({
      isClientSafe: true,
      error: 500,
      reason: 'Internal server error',
      message: 'Internal server error [500]',
      errorType: 'Meteor.Error',
    });
    // A service that did not answer: the client may send the same request again, after a while.
    expect(toMeteorError(new DomainError(ErrorCode.ServiceUnavailable, 'no answer from x')).toJSON()).toMatchObject({
      error: 503,
      reason: 'Service Unavailable',
      details: { retryable: true, retryAfterSeconds: expect.any(Number) },
    });
  });

  it('writes a reason-less error as Meteor does', () => {
    expect(new MeteorError('not-allowed').toJSON()).toEqual({
      isClientSafe: true,
      error: 'not-allowed',
      message: '[not-allowed]',
      errorType: 'Meteor.Error',
    });
  });
});

describe('frames', () => {
  it('encodes a stream push once, plain and SockJS-framed', () => {
    const frame = streamFrame('stream-notify-room', 'r1/typing', '["bob",true]');
    expect(JSON.parse(frame.text)).toEqual({
      msg: 'changed',
      collection: 'stream-notify-room',
      id: 'id',
      fields: { eventName: 'r1/typing', args: ['bob', true] },
    });
    expect(frame.sockjs).toBe(`a${JSON.stringify([frame.text])}`);
    expect(EncodedFrame.of({ msg: 'ready', subs: ['s1'] }).text).toBe('{"msg":"ready","subs":["s1"]}');
  });
});
