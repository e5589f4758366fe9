import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@rc/contracts';
import { mongo } from 'mongoose';
import { lastValueFrom } from 'rxjs';
import { RpcErrorFilter } from './rpc-error.filter.js';

/** What the filter sends back to the caller for a handler's failure. */
const answerFor = (exception: unknown) => lastValueFrom(new RpcErrorFilter().catch(exception)).catch((sent: unknown) => sent);

describe('RpcErrorFilter', () => {
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

  it("sends the handler's DomainError as it is", async () => {
    await expect(answerFor(new DomainError(ErrorCode.NotAllowed, 'Not allowed'))).resolves.toMatchObject({
      code: ErrorCode.NotAllowed,
      reason: 'Not allowed',
    });
  });

  it('sends the database out of reach as the service being unavailable, which the caller may retry', async () => {
    await expect(answerFor(new mongo.MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'))).resolves.toMatchObject({
      code: ErrorCode.ServiceUnavailable,
    });
  });

  it('sends anything else as a bare internal error, its text kept out of the answer', async () => {
    const answer = await answerFor(new TypeError("Cannot read properties of undefined (reading 'secret')"));
    expect(answer).toMatchObject({ code: ErrorCode.Internal, reason: 'Internal server error' });
    expect(JSON.stringify(answer)).not.toContain('secret');
  });
});
