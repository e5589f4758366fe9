import { describe, expect, it } from '@jest/globals';
import { coreWorld } from '../testing/core-world.js';
import { userFromParams } from './user-from-params.js';

describe("userFromParams (Rocket.Chat's getUserFromParams)", () => {
  const { repos } = coreWorld({ users: [{ _id: 'bob', username: 'bob' }] });

  it('finds by userId, else by username', async () => {
    await expect(userFromParams(repos.users, { userId: 'bob' })).resolves.toMatchObject({ _id: 'bob' });
    await expect(userFromParams(repos.users, { username: 'bob' })).resolves.toMatchObject({ _id: 'bob' });
  });

  it('refuses no user named, then a user that does not exist, in its words', async () => {
    await expect(userFromParams(repos.users, { userId: ' ' })).rejects.toMatchObject({
      code: 'error-user-param-not-provided',
      reason: 'The required "userId" or "username" param was not provided',
    });
    await expect(userFromParams(repos.users, { userId: 'nope' })).rejects.toMatchObject({
      code: 'error-invalid-user',
      reason: 'The required "userId" or "username" param provided does not match any users',
    });
  });
});
