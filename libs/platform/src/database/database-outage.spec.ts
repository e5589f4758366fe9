import { describe, expect, it, jest } from '@jest/globals';
import { DomainError, ErrorCode } from '@rc/contracts';
import mongoose, { mongo } from 'mongoose';
import { databaseOutageRefusal, isDatabaseOutage } from './database-outage.js';

describe('isDatabaseOutage', () => {
  it('takes a lost or refused connection, a server not found and a closed client for an outage', () => {
    expect(isDatabaseOutage(new mongo.MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'))).toBe(true);
    expect(isDatabaseOutage(new mongo.MongoNetworkTimeoutError('timed out'))).toBe(true);
    expect(isDatabaseOutage(new mongo.MongoNotConnectedError('not connected'))).toBe(true);
    expect(isDatabaseOutage(new mongo.MongoTopologyClosedError())).toBe(true);
  });

  it('takes a command mongoose held back while disconnected, then timed out, for an outage', () => {
    // mongoose's own text (drivers/node-mongodb-native/collection.js).
    expect(isDatabaseOutage(new mongoose.Error('Operation `users.findOne()` buffering timed out after 10000ms'))).toBe(true);
    expect(isDatabaseOutage(new mongoose.Error('Cast to ObjectId failed for value "x"'))).toBe(false);
  });

  it("takes a bulk write the connection failed under for an outage, as the driver wraps it, not a document's refusal", () => {
    // What the driver throws when the connection closes under an insertMany (bulk/common.js).
    const lost = new mongo.MongoBulkWriteError(new mongo.MongoNetworkError('connection 6 to 127.0.0.1:28627 closed'), {} as never);
    expect(isDatabaseOutage(lost)).toBe(true);
    const duplicate = new mongo.MongoBulkWriteError(
      { message: 'E11000 duplicate key error', code: 11000, writeErrors: [{ index: 0, code: 11000 } as never] },
      {} as never,
    );
    expect(isDatabaseOutage(duplicate)).toBe(false);
  });

  it("leaves the server's refusals and anything else alone", () => {
    expect(isDatabaseOutage(new mongo.MongoServerError({ message: 'E11000 duplicate key error', code: 11000 }))).toBe(false);
    expect(isDatabaseOutage(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
    expect(isDatabaseOutage('Error: Connection lost')).toBe(false);
  });
});

describe('databaseOutageRefusal', () => {
  it('answers an outage as the service unavailable and logs it as a warning; anything else is not its to answer', () => {
    const logger = { warn: jest.fn() };
    const refusal = databaseOutageRefusal(new mongo.MongoNetworkError('read ECONNRESET'), logger);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: ErrorCode.ServiceUnavailable, reason: 'The database is out of reach' });
    expect(logger.warn).toHaveBeenCalledWith('the database is out of reach: read ECONNRESET');
    logger.warn.mockClear();
    expect(databaseOutageRefusal(new TypeError('x is undefined'), logger)).toBeUndefined();
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
