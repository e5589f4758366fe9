import { describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode } from '@rc/contracts';
import { toRestFailure } from './rest-exception.filter.js';

describe("Rocket.Chat's REST failures", () => {
  it("`API.v1.failure('<text>')`: the text alone, no errorType", () => {
    expect(toRestFailure(new DomainError(ErrorCode.PlainFailure, "The 'favorite' param is required"))).toEqual({
      status: 400,
      body: { success: false, error: "The 'favorite' param is required" },
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
});
