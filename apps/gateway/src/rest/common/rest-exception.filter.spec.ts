import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DomainError, ErrorCode, meteorErrorObject } from '@rc/contracts';
import { mongo } from 'mongoose';
import { restFailureOf, toRestFailure } from './rest-exception.filter.js';

describe("Rocket.Chat's REST failures", () => {
  it("`API.v1.failure('<text>')`: the text alone, no errorType", () => {
    expect(toRestFailure(new DomainError(ErrorCode.PlainFailure, "The 'favorite' param is required"))).toEqual({
      status: 400,
      body: { success: false, error: "The 'favorite' param is required" },
    });
  });

  it("a route's Match.Error: its message alone, no errorType", () => {
    expect(toRestFailure(new DomainError(ErrorCode.MatchFailed, "Match error: Missing key 'name'"))).toEqual({
      status: 400,
      body: { success: false, error: "Match error: Missing key 'name'" },
    });
  });

  it('`API.v1.failure(error)` of a Meteor.Error: the serialized error object', () => {
    const refused = new DomainError(ErrorCode.CustomFieldInvalid, 'Field team is required', { method: 'registerUser' });
    expect(toRestFailure(meteorErrorObject(refused))).toEqual({
      status: 400,
      body: {
        isClientSafe: true,
        error: 'error-user-registration-custom-field',
        reason: 'Field team is required',
        details: { method: 'registerUser' },
        message: 'Field team is required [error-user-registration-custom-field]',
        errorType: 'Meteor.Error',
        success: false,
      },
    });
  });

  it("`failure('not-allowed', 'Not Allowed')`: that error and that errorType", () => {
    expect(toRestFailure(new DomainError(ErrorCode.RoomNotAllowed, 'not-allowed'))).toEqual({
      status: 400,
      body: { success: false, error: 'not-allowed', errorType: 'Not Allowed' },
    });
  });

  it('a Meteor error: `reason [id]` with the id as errorType', () => {
    expect(toRestFailure(new DomainError(ErrorCode.ActionNotAllowed, 'This is an enterprise feature'))).toEqual({
      status: 400,
      body: { success: false, error: 'This is an enterprise feature [error-action-not-allowed]', errorType: 'error-action-not-allowed' },
    });
  });

  it('a numeric Meteor error (`Meteor.Error(403, reason)`): `reason [403]` with the number as errorType', () => {
    expect(toRestFailure(new DomainError(ErrorCode.MeteorForbidden, 'Email already exists.'))).toEqual({
      status: 400,
      body: { success: false, error: 'Email already exists. [403]', errorType: 403 },
    });
  });

  it("403: `unauthorized(text?)` the text alone; a declared permission's refusal its sentence with the id", () => {
    expect(toRestFailure(new DomainError(ErrorCode.Unauthorized, 'unauthorized'))).toEqual({
      status: 403,
      body: { success: false, error: 'unauthorized' },
    });
    expect(toRestFailure(new DomainError(ErrorCode.Unauthorized, 'error-no-permission-team-channel'))).toEqual({
      status: 403,
      body: { success: false, error: 'error-no-permission-team-channel' },
    });
    expect(toRestFailure(new DomainError(ErrorCode.Unauthorized, 'User does not have the permissions required for this action'))).toEqual({
      status: 403,
      body: { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' },
    });
  });

  it('a Meteor error without a reason: `[id]`, with its details', () => {
    const details = { shouldChangeOwner: ['general'], shouldBeRemoved: [] };
    expect(toRestFailure(new DomainError(ErrorCode.UserLastOwner, '', details))).toEqual({
      status: 400,
      body: { success: false, error: '[user-last-owner]', errorType: 'user-last-owner', details },
    });
  });

  it("the gateway's database out of reach (a GridFS body): 503 with Retry-After; anything else unexpected: a bare 500", () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect(restFailureOf(new mongo.MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'))).toEqual({
      status: 503,
      body: { success: false, error: 'Service Unavailable' },
      headers: { 'Retry-After': '5' },
    });
    expect(restFailureOf(new TypeError('x is undefined'))).toEqual({
      status: 500,
      body: { success: false, error: 'Internal server error' },
    });
  });
});
