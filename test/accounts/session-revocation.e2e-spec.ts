import { afterEach, describe, expect, it } from '@jest/globals';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import type { RestClient } from '../support/rest-client.js';
import { useStack } from '../support/stack.js';
import { createUser, STRONG_PASSWORD, type TestUser } from './support/users.js';

/** Rocket.Chat closes a socket whose login token is removed; here, within this long of the removal's answer. */
const WITHIN_MS = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A DDP socket that resumed a session with a token, with the time it closed (if it did). */
interface Socket {
  client: DdpClient;
  closedAt: Promise<number>;
}

/**
 * Revoked sessions end everywhere: when accounts removes a login token (logout over REST or DDP, a password
 * change, an administrator's password reset, deactivation, deletion, a personal access token's removal), every
 * gateway closes the DDP sockets that logged in with it, whichever gateway the request went to. Sockets
 * resume on gateway #1; every revocation is asked of gateway #0.
 */
describe('session revocation across gateways', () => {
  const t = useStack({ instances: { gateway: 2 } });
  const opened: DdpClient[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((client) => client.close().catch(() => undefined)));
  });

  const login = (user: TestUser) => t.api.login(user.username, user.password);
  const tokenOf = (api: RestClient) => api.credentials!.authToken;

  /** A socket on `gateway` logged in with `token`, listening for `force_logout` as Rocket.Chat's clients do. */
  const socketWith = async (user: TestUser, token: string, gateway = 1): Promise<Socket> => {
    const client = await DdpClient.connect(t.stack.gatewayUrl(gateway));
    opened.push(client);
    await client.loginWithToken(token);
    await client.stream('notify-user', `${user.id}/force_logout`);
    return { client, closedAt: client.closed.then(() => Date.now()) };
  };

  /** Resolves with how long after `answeredAt` the socket closed; fails if it stays open past the limit. */
  const closesSoonAfter = async (socket: Socket, answeredAt: number) => {
    const closedAt = await Promise.race([socket.closedAt, sleep(WITHIN_MS + 2_000).then(() => undefined)]);
    if (closedAt === undefined) throw new Error('the socket is still open');
    expect(closedAt - answeredAt).toBeLessThanOrEqual(WITHIN_MS);
  };

  const staysOpen = async (socket: Socket) => {
    expect(socket.client.isOpen).toBe(true);
    // Still logged in: a method that needs a user answers.
    await expect(socket.client.call('getUserRoles')).resolves.toBeDefined();
  };

  const forcedOut = (socket: Socket, user: TestUser) => socket.client.pushes('notify-user', `${user.id}/force_logout`);

  const generatePat = async (user: TestUser, tokenName: string): Promise<string> =>
    (await user.api.post<{ token: string }>('/api/v1/users.generatePersonalAccessToken', { tokenName })).body.token;

  const timed = async <T>(request: Promise<T>): Promise<{ response: T; answeredAt: number }> => {
    const response = await request;
    return { response, answeredAt: Date.now() };
  };

  it('REST logout closes the sockets of that token on every gateway, and only those', async () => {
    const user = await createUser(t.admin, 'rest-out');
    const other = await login(user);
    const onB = await socketWith(user, tokenOf(user.api), 1);
    const onA = await socketWith(user, tokenOf(user.api), 0);
    const otherSocket = await socketWith(user, tokenOf(other), 1);

    const { response, answeredAt } = await timed(user.api.post('/api/v1/logout'));
    expect(response.status).toBe(200);

    await closesSoonAfter(onB, answeredAt);
    await closesSoonAfter(onA, answeredAt);
    await staysOpen(otherSocket);
    // The user logged themselves out: no force_logout.
    expect(forcedOut(onB, user)).toEqual([]);
    const again = await DdpClient.connect(t.stack.gatewayUrl(1));
    opened.push(again);
    await expect(again.loginWithToken(tokenOf(user.api))).rejects.toBeInstanceOf(DdpError);
  });

  it('DDP logout on one gateway closes the sockets of the same token on the other', async () => {
    const user = await createUser(t.admin, 'ddp-out');
    const onA = await socketWith(user, tokenOf(user.api), 0);
    const onB = await socketWith(user, tokenOf(user.api), 1);

    const { answeredAt } = await timed(onA.client.call('logout'));

    await closesSoonAfter(onB, answeredAt);
    expect((await user.api.get('/api/v1/me')).status).toBe(401);
  });

  it('logging out the other clients (removeOtherTokens) closes the sockets of every other session, not the caller', async () => {
    const user = await createUser(t.admin, 'others-out');
    const other = await login(user);
    const caller = await socketWith(user, tokenOf(user.api), 0);
    const otherSocket = await socketWith(user, tokenOf(other), 1);

    const { answeredAt } = await timed(caller.client.call('removeOtherTokens'));

    await closesSoonAfter(otherSocket, answeredAt);
    await staysOpen(caller);
    expect((await other.get('/api/v1/me')).status).toBe(401);
    expect((await user.api.get('/api/v1/me')).status).toBe(200);
  });

  it('REST users.removeOtherTokens does the same, keeping the token of the request', async () => {
    const user = await createUser(t.admin, 'others-rest');
    const other = await login(user);
    const own = await socketWith(user, tokenOf(user.api), 1);
    const otherSocket = await socketWith(user, tokenOf(other), 0);

    const { response, answeredAt } = await timed(user.api.post('/api/v1/users.removeOtherTokens'));
    expect(response.body).toEqual({ success: true });

    await closesSoonAfter(otherSocket, answeredAt);
    await staysOpen(own);
    expect((await other.get('/api/v1/me')).status).toBe(401);
    expect((await user.api.get('/api/v1/me')).status).toBe(200);
  });

  it("REST users.logoutOtherClients (7.x's Profile) does the same, answering the caller's token and its expiry", async () => {
    const user = await createUser(t.admin, 'others-7x');
    const other = await login(user);
    const otherSocket = await socketWith(user, tokenOf(other), 0);

    const { response, answeredAt } = await timed(user.api.post('/api/v1/users.logoutOtherClients'));
    expect(response.body).toEqual({ success: true, token: tokenOf(user.api), tokenExpires: expect.any(String) });
    // Rocket.Chat's default `Accounts_LoginExpiration`: 90 days after the login.
    const expiresInDays = (Date.parse(response.body.tokenExpires as string) - Date.now()) / 86_400_000;
    expect(expiresInDays).toBeGreaterThan(89);
    expect(expiresInDays).toBeLessThanOrEqual(90);

    await closesSoonAfter(otherSocket, answeredAt);
    expect((await other.get('/api/v1/me')).status).toBe(401);
    // No other client left: Rocket.Chat's refusal, the Meteor error as it is.
    const again = await user.api.post('/api/v1/users.logoutOtherClients');
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ success: false, error: 'error-invalid-user-id', reason: 'Invalid user id' });
    expect((await user.api.get('/api/v1/me')).status).toBe(200);
  });

  it("the user's own password change closes their other sessions' sockets, not the one that asked", async () => {
    const user = await createUser(t.admin, 'pw-own');
    const other = await login(user);
    const asking = await socketWith(user, tokenOf(user.api), 1);
    const otherSocket = await socketWith(user, tokenOf(other), 1);

    const { response, answeredAt } = await timed(
      user.api.post('/api/v1/users.updateOwnBasicInfo', { data: { currentPassword: STRONG_PASSWORD, newPassword: 'Another-pass-43' } }),
    );
    expect(response.status).toBe(200);

    await closesSoonAfter(otherSocket, answeredAt);
    await staysOpen(asking);
  });

  it("an administrator's password reset closes every session's socket, after force_logout", async () => {
    const user = await createUser(t.admin, 'pw-admin');
    const socket = await socketWith(user, tokenOf(user.api), 1);

    const { response, answeredAt } = await timed(
      t.admin.post('/api/v1/users.update', { userId: user.id, data: { password: 'Reset-pass-44' } }),
    );
    expect(response.status).toBe(200);

    await closesSoonAfter(socket, answeredAt);
    expect(forcedOut(socket, user)).toHaveLength(1);
  });

  it('deactivation closes every socket of the user, personal access tokens included, after force_logout', async () => {
    const user = await createUser(t.admin, 'deact');
    const pat = await generatePat(user, 'bot');
    const session = await socketWith(user, tokenOf(user.api), 1);
    const viaPat = await socketWith(user, pat, 0);

    const { response, answeredAt } = await timed(t.admin.post('/api/v1/users.update', { userId: user.id, data: { active: false } }));
    expect(response.status).toBe(200);

    await closesSoonAfter(session, answeredAt);
    await closesSoonAfter(viaPat, answeredAt);
    expect(forcedOut(session, user)).toHaveLength(1);
    expect(forcedOut(viaPat, user)).toHaveLength(1);
  });

  it('deletion closes every socket of the user, after force_logout', async () => {
    const user = await createUser(t.admin, 'deleted');
    const socket = await socketWith(user, tokenOf(user.api), 1);

    const { response, answeredAt } = await timed(t.admin.post('/api/v1/users.delete', { userId: user.id }));
    expect(response.status).toBe(200);

    await closesSoonAfter(socket, answeredAt);
    expect(forcedOut(socket, user)).toHaveLength(1);
  });

  it('removing or regenerating a personal access token closes the sockets that logged in with it, and only those', async () => {
    const user = await createUser(t.admin, 'pat');
    const [removed, regenerated] = [await generatePat(user, 'removed'), await generatePat(user, 'regenerated')];
    const viaRemoved = await socketWith(user, removed, 1);
    const viaRegenerated = await socketWith(user, regenerated, 0);
    const session = await socketWith(user, tokenOf(user.api), 1);

    const removal = await timed(user.api.post('/api/v1/users.removePersonalAccessToken', { tokenName: 'removed' }));
    expect(removal.response.status).toBe(200);
    await closesSoonAfter(viaRemoved, removal.answeredAt);

    const renewal = await timed(user.api.post('/api/v1/users.regeneratePersonalAccessToken', { tokenName: 'regenerated' }));
    expect(renewal.response.status).toBe(200);
    await closesSoonAfter(viaRegenerated, renewal.answeredAt);
    await staysOpen(session);
  });

  it('logout with a personal access token revokes it, as Rocket.Chat does, and closes its sockets', async () => {
    const user = await createUser(t.admin, 'pat-out');
    const pat = await generatePat(user, 'ci');
    const viaPat = t.api.as({ userId: user.id, authToken: pat });
    const socket = await socketWith(user, pat, 1);

    const { response, answeredAt } = await timed(viaPat.post('/api/v1/logout'));
    expect(response.status).toBe(200);

    await closesSoonAfter(socket, answeredAt);
    expect((await viaPat.get('/api/v1/me')).status).toBe(401);
    expect((await user.api.get('/api/v1/users.getPersonalAccessTokens')).body.tokens).toEqual([]);
  });
});
