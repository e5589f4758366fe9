import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@rc/contracts';
import { cleanQuery, usersListFilter } from './users-list-query.js';

const rule = {
  visible: new Set(['_id', 'username', 'name', 'nickname', 'status', 'active', 'type', 'customFields']),
  columns: ['_id', 'username', 'name', 'status', 'active', 'type'],
};
const refusal = (query: Record<string, unknown>) => {
  try {
    usersListFilter(query, rule);
  } catch (error) {
    return error instanceof DomainError ? `${error.reason} [${error.code}]` : String(error);
  }
  return 'accepted';
};

describe("users.list's query (Rocket.Chat 7's parseJsonQuery + isValidQuery)", () => {
  it('drops the operators other than $or, $and, $regex at any depth', () => {
    expect(cleanQuery({ $where: 'x', username: { $ne: 'a', $regex: 'b' }, $or: [{ name: { $gt: 'a' } }] })).toEqual({
      username: { $regex: 'b' },
      $or: [{ name: {} }],
    });
  });

  it.each([
    ['$regex on a field', { username: { $regex: 'adm' } }, 'Invalid operation: $regex [error-invalid-query]'],
    ['$regex inside $or', { $or: [{ name: { $regex: 'a', $options: 'i' } }] }, 'Invalid operation: $regex [error-invalid-query]'],
    ['a column not answered', { nickname: 'x' }, 'Invalid attribute: nickname [error-invalid-query]'],
    ['a path below a column without paths', { status: { x: 1 } }, 'Invalid attribute: status.x [error-invalid-query]'],
  ])('refuses %s', (_name, query, expected) => {
    expect(refusal(query)).toBe(expected);
  });

  it('keeps what is left of an operator object as a document to equal, and plain values as they are', () => {
    expect(
      usersListFilter({ username: { $ne: 'admin' }, $nor: [{ type: 'bot' }], $or: [{ type: 'user' }, { active: true }] }, rule),
    ).toEqual({
      username: { $eq: {} },
      $or: [{ type: 'user' }, { active: true }],
    });
  });

  it('drops top-level fields the caller may not see before checking', () => {
    expect(usersListFilter({ 'emails.address': 'a@b.c', username: 'x' }, rule)).toEqual({ username: 'x' });
  });
});
