import { beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import EJSON from 'ejson';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { closeAll, connectAs, createUser, type RealtimeUser } from './support/realtime-users.js';

const HEARTBEAT_MS = 1_000;

/** The DDP server of the gateway: handshake, heartbeats, framing, errors, login, limits, and the REST bridge. */
describe('DDP protocol', () => {
  const t = useStack({ appEnv: { gateway: { DDP_HEARTBEAT_MS: String(HEARTBEAT_MS) } } });
  let alice: RealtimeUser;
  beforeAll(async () => {
    alice = await createUser(t.admin, 'alice');
  });
  const url = () => t.stack.gatewayUrl();

  describe('handshake and heartbeats', () => {
    it('sends server_id, then connected with a session id', async () => {
      const client = await DdpClient.open(url());
      client.send({ msg: 'connect', version: '1', support: ['1', 'pre2', 'pre1'] });
      const connected = await client.waitFor((f) => f.msg === 'connected');
      expect(client.frames[0]).toEqual({ server_id: '0' });
      expect(connected.session).toMatch(/^[23456789A-HJ-NP-Za-km-z]{17}$/);
      await client.close();
    });

    it('refuses a DDP version it does not speak, proposing its own, and hangs up', async () => {
      const client = await DdpClient.open(url());
      client.send({ msg: 'connect', version: '0.9', support: ['0.9', '1'] });
      expect(await client.waitFor((f) => f.msg === 'failed')).toEqual({ msg: 'failed', version: '1' });
      expect((await client.closed).code).toBe(1002);
    });

    it('answers pings with the same id', async () => {
      const client = await DdpClient.connect(url());
      client.send({ msg: 'ping', id: 'p-1' });
      expect(await client.waitFor((f) => f.msg === 'pong')).toEqual({ msg: 'pong', id: 'p-1' });
      client.send({ msg: 'ping' });
      expect(await client.waitFor((f) => f.msg === 'pong')).toEqual({ msg: 'pong' });
      await client.close();
    });

    it('pings a silent client, keeps one that answers, and drops one that does not', async () => {
      const alive = await DdpClient.connect(url());
      const dead = await DdpClient.connect(url(), { answerPings: false });
      expect(
        await within(
          dead.closed.then(() => 'closed'),
          HEARTBEAT_MS * 6,
          'still open',
        ),
      ).toBe('closed');
      expect(dead.frames.some((f) => f.msg === 'ping')).toBe(true);
      // The client that answers is pinged again and again, and stays.
      await waitFor(() => alive.frames.filter((f) => f.msg === 'ping').length >= 3, { timeoutMs: HEARTBEAT_MS * 10 });
      expect(alive.isOpen).toBe(true);
      await alive.close();
    });
  });

  describe('bad input', () => {
    it("answers malformed frames with Meteor's error frames and keeps serving", async () => {
      const early = await DdpClient.open(url());
      early.send({ msg: 'method', id: '1', method: 'login', params: [] });
      expect(await early.waitFor((f) => f.msg === 'error')).toMatchObject({ reason: 'Must connect first' });
      await early.close();

      const client = await DdpClient.connect(url());
      const errors: Array<[string, string]> = [
        ['{not json', 'Parse error'],
        ['[1,2,3]', 'Bad request'],
        ['{"no":"msg"}', 'Bad request'],
        ['{"msg":"launch"}', 'Bad request'],
        ['{"msg":"method","method":"login"}', 'Malformed method invocation'],
        ['{"msg":"method","id":"1","method":"login","params":{"a":1}}', 'Malformed method invocation'],
        ['{"msg":"sub","id":{"$ne":null},"name":"x"}', 'Malformed subscription'],
        ['{"msg":"connect","version":"1"}', 'Already connected'],
      ];
      for (const [text, reason] of errors) {
        client.sendRaw(text);
        expect(await client.waitFor((f) => f.msg === 'error')).toMatchObject({ msg: 'error', reason });
      }
      client.send({ msg: 'ping', id: 'still-there' });
      await client.waitFor((f) => f.msg === 'pong' && f.id === 'still-there');
      await client.close();
    });

    it('closes a connection that sends binary data (1007) or an oversized frame (1009)', async () => {
      const binary = await DdpClient.connect(url());
      binary.sendUnframed(Buffer.from([1, 2, 3]));
      expect((await binary.closed).code).toBe(1007);

      const big = await DdpClient.connect(url());
      big.sendRaw(JSON.stringify({ msg: 'method', id: '1', method: 'sendMessage', params: ['x'.repeat(1_100_000)] }));
      expect((await big.closed).code).toBe(1009);
    });

    it('answers unknown methods and subscriptions with 404 Meteor errors', async () => {
      const client = await DdpClient.connect(url());
      const updated = client.waitFor((f) => f.msg === 'updated');
      const error = await client.call('no.such.method').catch((e: DdpError) => e.error);
      expect(error).toEqual({
        isClientSafe: true,
        error: 404,
        reason: "Method 'no.such.method' not found",
        message: "Method 'no.such.method' not found [404]",
        errorType: 'Meteor.Error',
      });
      // `updated` follows the result.
      const result = client.frames.find((f) => f.msg === 'result');
      expect(await updated).toEqual({ msg: 'updated', methods: [result?.id] });
      expect(client.frames.indexOf(result!)).toBeLessThan(client.frames.findIndex((f) => f.msg === 'updated'));

      const nosub = await client.subscribe('no-such-publication').catch((e: DdpError) => e.error);
      expect(nosub).toMatchObject({ error: 404, reason: "Subscription 'no-such-publication' not found", errorType: 'Meteor.Error' });
      await client.close();
    });

    it('refuses methods that need a login before one, and arguments of the wrong type', async () => {
      const client = await DdpClient.connect(url());
      const anonymous = await client.call('sendMessage', { rid: 'GENERAL', msg: 'hi' }).catch((e: DdpError) => e.error);
      expect(anonymous).toMatchObject({ error: 'error-invalid-user', reason: 'Invalid user', details: { method: 'sendMessage' } });
      await client.login(alice.username, alice.password);
      const wrongType = await client.call('readMessages', { $ne: null }).catch((e: DdpError) => e.error);
      // The contract's schema judges the arguments, as it does the REST face's body: the same error id on both.
      expect(wrongType).toMatchObject({ error: 'invalid-params' });
      await client.close();
    });

    it("limits one connection to Rocket.Chat's 10 calls of a method per 10 seconds", async () => {
      const client = await DdpClient.connect(url());
      const outcomes = await Promise.all(
        Array.from({ length: 11 }, () =>
          client.call('UserPresence:online').then(
            () => 'ok',
            (e: DdpError) => e.error,
          ),
        ),
      );
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(10);
      const limited = outcomes.find((o) => o !== 'ok') as DdpError['error'];
      expect(limited).toMatchObject({ error: 'too-many-requests', details: { timeToReset: expect.any(Number) } });
      expect(limited.reason).toMatch(/^Error, too many requests\. Please slow down\. You must wait \d+ seconds before trying again\.$/);
      // Another connection has its own allowance.
      const other = await DdpClient.connect(url());
      await expect(other.call('UserPresence:online')).resolves.toBeUndefined();
      await closeAll(client, other);
    });
  });

  describe('login', () => {
    it('logs in with a password digest, then with the resume token on another connection', async () => {
      const first = await DdpClient.connect(url());
      const byPassword = await first.login(alice.username, alice.password);
      expect(byPassword).toEqual({ id: alice.id, token: expect.any(String), tokenExpires: expect.any(Date), type: 'password' });
      expect(byPassword.tokenExpires.getTime()).toBeGreaterThan(Date.now());
      expect(first.frames).toContainEqual(
        expect.objectContaining({
          msg: 'added',
          collection: 'users',
          id: alice.id,
          fields: expect.objectContaining({ username: alice.username }),
        }),
      );

      const second = await DdpClient.connect(url());
      const byToken = await second.loginWithToken(byPassword.token);
      expect(byToken).toEqual({ id: alice.id, token: byPassword.token, tokenExpires: byPassword.tokenExpires, type: 'resume' });

      // By e-mail and with a plain password, as bots do.
      const third = await DdpClient.connect(url());
      const plain = await third.call('login', { user: { email: `${alice.username}@realtime.test` }, password: alice.password });
      expect(plain).toMatchObject({ id: alice.id, type: 'password' });
      await closeAll(first, second, third);
    });

    it('answers every failed login alike: 401 "User not found"', async () => {
      const client = await DdpClient.connect(url());
      const attempts = [
        { user: { username: alice.username }, password: { digest: 'a'.repeat(64), algorithm: 'sha-256' } },
        { user: { username: 'nobody-here' }, password: 'whatever' },
        { resume: 'not-a-token' },
        { user: { username: { $ne: null } }, password: 'x' },
      ];
      for (const attempt of attempts) {
        const error = await client.call('login', attempt).catch((e: DdpError) => e.error);
        expect(error).toMatchObject({ error: 401, reason: 'User not found', message: 'User not found [401]', errorType: 'Meteor.Error' });
      }
      await client.close();
    });

    it('logs out: the token stops working and the connection closes', async () => {
      const client = await connectAs(url(), alice);
      const token = client.token!;
      await client.call('logout');
      await client.closed;
      const again = await DdpClient.connect(url());
      await expect(again.loginWithToken(token)).rejects.toMatchObject({ error: { error: 401 } });
      await again.close();
    });
  });

  it('reports its connections, stream subjects and method timings on /metrics', async () => {
    const client = await connectAs(url(), alice);
    await client.stream('notify-user', `${alice.id}/notification`);
    const metrics = await fetch(`${url()}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/ddp_connections\{[^}]*logged_in="true"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/ddp_stream_subjects\{[^}]*\} [1-9]/);
    expect(metrics).toMatch(/ddp_subscriptions\{publication="stream-notify-user"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/ddp_method_duration_seconds_count\{[^}]*method="login",outcome="ok"[^}]*\} [1-9]/);
    await client.close();
  });

  describe('SockJS', () => {
    it('answers the SockJS info request', async () => {
      const response = await fetch(`${url()}/sockjs/info?cb=x1y2`);
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await response.json()).toEqual({ websocket: true, origins: ['*:*'], cookie_needed: false, entropy: expect.any(Number) });
    });

    it('speaks DDP inside SockJS framing', async () => {
      const client = await DdpClient.connect(url(), { sockjs: true });
      expect(client.session).toHaveLength(17);
      const login = await client.login(alice.username, alice.password);
      expect(login.type).toBe('password');
      // Several messages in one SockJS frame are all handled.
      client.sendUnframed(JSON.stringify([EJSON.stringify({ msg: 'ping', id: 'a' }), EJSON.stringify({ msg: 'ping', id: 'b' })]));
      await client.waitFor((f) => f.msg === 'pong' && f.id === 'b');
      expect(client.frames.filter((f) => f.msg === 'pong').map((f) => f.id)).toEqual(['a', 'b']);
      await client.close();
    });
  });

  describe('REST method.call', () => {
    const callMessage = (method: string, ...params: unknown[]) => ({
      message: EJSON.stringify({ msg: 'method', id: '7', method, params }),
    });

    it('runs a method anonymously and answers the DDP result, EJSON-encoded', async () => {
      const { status, body } = await t.api.post(
        '/api/v1/method.callAnon/login',
        callMessage('login', { user: { username: alice.username }, password: alice.password }),
      );
      expect(status).toBe(200);
      expect(body.success).toBe(true);
      const result = EJSON.parse(body.message);
      expect(result).toMatchObject({ msg: 'result', id: '7', result: { id: alice.id, type: 'password', tokenExpires: expect.any(Date) } });
    });

    it('answers a failed method with 400 and the Meteor error, and refuses what is not a method call', async () => {
      const failed = await alice.api.post('/api/v1/method.call/no.such', callMessage('no.such'));
      expect(failed.status).toBe(400);
      expect(failed.body.success).toBe(false);
      expect(EJSON.parse(failed.body.message)).toMatchObject({ msg: 'result', id: '7', error: { error: 404, errorType: 'Meteor.Error' } });

      for (const body of [{}, { message: 42 }, { message: '{bad' }, { message: EJSON.stringify({ msg: 'sub', id: '1' }) }]) {
        const refused = await alice.api.post('/api/v1/method.call/x', body);
        expect(refused.status).toBe(400);
        expect(refused.body).toMatchObject({ success: false, errorType: 'invalid-params' });
      }
      const anonymous = await t.api.post('/api/v1/method.call/login', callMessage('login', {}));
      expect(anonymous.status).toBe(401);
    });
  });
});

/** `promise`'s value, or `fallback` after `ms` (the timer is cleared either way, so nothing lingers). */
async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
