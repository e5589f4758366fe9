import { describe, expect, it } from '@jest/globals';
import { ListUsersRequest } from './list-users.contract.js';

const actor = { userId: 'u1', username: 'alice' };
const nested = (depth: number): Record<string, unknown> => (depth === 0 ? { username: 'a' } : { $or: [nested(depth - 1)] });

// The contract bounds the query's size only; what it may say is accounts' rule (users-list-query.spec.ts).
describe("users.list's query", () => {
  it.each([
    ['a value', { username: 'bob' }, true],
    ['several values, a path', { 'emails.address': 'a@example.com', active: true, utcOffset: 2 }, true],
    ['$and of $or', { $and: [{ $or: [{ username: 'a' }] }, { type: 'user' }] }, true],
    ['operators (accounts drops or refuses them)', { username: { $regex: '.*' }, $where: 'true' }, true],
    ['6 levels deep: taken', nested(2), true],
    ['8 levels deep: refused', nested(3), false],
    ['a text over 256 characters', { username: 'x'.repeat(257) }, false],
    ['a key over 64 characters', { ['k'.repeat(65)]: 1 }, false],
    ['over 200 values', Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, i])), false],
  ])('%s', (_label, query, valid) => {
    expect(ListUsersRequest.safeParse({ actor, query }).success).toBe(valid);
  });
});
