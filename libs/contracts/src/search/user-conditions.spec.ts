import { describe, expect, it } from '@jest/globals';
import { validUserConditions } from './user-conditions.js';

describe('users.autocomplete conditions', () => {
  it.each([
    [{}, true],
    [{ type: 'user' }, true],
    [{ active: true, federated: false }, true],
    [{ $or: [{ type: 'user' }, { type: 'bot' }] }, true],
    [{ $and: [{ $or: [{ username: 'a' }, { name: 'A' }] }, { status: null }] }, true],
    // Operators other than $or / $and, as Rocket.Chat's isValidQuery.
    [{ username: { $ne: 'a' } }, false],
    [{ username: { $regex: '^a' } }, false],
    [{ $nor: [{ type: 'user' }] }, false],
    [{ $or: [] }, false],
    [{ $or: { type: 'user' } }, false],
    // Fields others may not see.
    [{ 'emails.address': 'a@example.com' }, false],
    [{ 'services.password.bcrypt': 'x' }, false],
    [{ roles: ['admin'] }, false],
    ['type', false],
    [null, false],
    [[{ type: 'user' }], false],
    [{ $or: [{ $or: [{ $or: [{ $or: [{ $or: [{ $or: [{ type: 'user' }] }] }] }] }] }] }, false],
  ])('%j: %s', (conditions, valid) => {
    expect(validUserConditions(conditions)).toBe(valid);
  });
});
