import { describe, expect, it } from '@jest/globals';
import { ListUsersRequest } from './list-users.contract.js';

const actor = { userId: 'u1', username: 'alice' };

describe("users.list's query", () => {
  it.each([
    [{ username: 'bob' }, true],
    [{ 'emails.address': 'a@example.com', active: true, utcOffset: 2 }, true],
    [{ $or: [{ username: 'a' }, { name: 'A' }] }, true],
    [{ $and: [{ $or: [{ username: 'a' }] }, { type: 'user' }] }, true],
    [{ username: { $regex: '.*' } }, false],
    [{ username: { $ne: null } }, false],
    [{ $where: 'true' }, false],
    [{ $nor: [{ username: 'a' }] }, false],
    [{ $or: [] }, false],
    [{ $or: { username: 'a' } }, false],
    [{ username: [{ name: 'a' }] }, false],
    [{ $or: [{ $or: [{ $or: [{ $or: [{ $or: [{ username: 'a' }] }] }] }] }] }, false],
  ])('%j: %s', (query, valid) => {
    expect(ListUsersRequest.safeParse({ actor, query }).success).toBe(valid);
  });
});
