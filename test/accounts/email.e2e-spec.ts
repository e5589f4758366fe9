import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { freePort, waitFor } from '@rc/local-stack';
import { createHash } from 'node:crypto';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import type { RestClient } from '../support/rest-client.js';
import { ADMIN, useStack } from '../support/stack.js';
import { Backdoor } from './support/backdoor.js';
import { SmtpCapture, type CapturedMail } from './support/smtp-capture.js';
import { createUser, STRONG_PASSWORD, uniqueName, type TestUser } from './support/users.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64');
const digest = (password: string) => ({ digest: sha256(password), algorithm: 'sha-256' });
const DAY_MS = 86_400_000;
const NEW_PASSWORD = 'Another-pass-77';

const linkToken = (mail: CapturedMail, path: string) => {
  const match = new RegExp(`/${path}/([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in ${mail.text}`);
  return match[1];
};
const mailedCode = (mail: CapturedMail) => {
  const match = /(\d{3})-(\d{3})/.exec(mail.text);
  if (!match) throw new Error(`no code in ${mail.text}`);
  return `${match[1]}${match[2]}`;
};

/**
 * E-mail, end to end against a real SMTP server started here (`smtp-server`): forgot password and Meteor's
 * resetPassword, address verification (users.sendConfirmationEmail, registration, verifyEmail), the welcome
 * e-mail, the e-mail second factor, and a mail server that cannot be reached or refuses the message. Every
 * link and code is read from the e-mail that arrived.
 */
describe('e-mail', () => {
  const t = useStack();
  let smtp: SmtpCapture;
  let backdoor: Backdoor;
  const opened: DdpClient[] = [];

  const setSetting = async (id: string, value: unknown) => {
    const { status, body } = await t.admin.post(`/api/v1/settings/${id}`, { value });
    if (status !== 200) throw new Error(`setting ${id}: ${status} ${JSON.stringify(body)}`);
  };
  /** Settings reach accounts through `settings.changed`: wait until a forgot-password request sees them. */
  const whenForgotPasswordAnswers = (expected: 'ok' | 'error') =>
    waitFor(
      async () =>
        (await t.api.post('/api/v1/users.forgotPassword', { email: 'nobody@e2e.test' })).status === (expected === 'ok' ? 200 : 400),
      {
        timeoutMs: 15_000,
        describe: () => `users.forgotPassword answering ${expected}`,
      },
    );
  const ddp = async () => {
    const client = await DdpClient.connect(t.stack.gatewayUrl());
    opened.push(client);
    return client;
  };
  const ddpError = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof DdpError)) throw new Error(`expected a Meteor error, got ${String(error)}`);
    return error.error;
  };
  const user = async (id: string) => (await backdoor.findOne('users', { _id: id })) as Record<string, any>;
  /** accounts' `emails_sent_total{kind, outcome="failed"}` (one accounts instance). */
  const failedSends = async (kind: string) => {
    const text = await (await fetch(`${t.stack.instances('accounts')[0].url}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith('emails_sent_total{') && l.includes(`kind="${kind}"`) && l.includes('outcome="failed"'));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  };

  beforeAll(async () => {
    smtp = await SmtpCapture.start();
    backdoor = await Backdoor.open(t.stack.natsUrl, t.stack.mongoUrl);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((client) => client.close().catch(() => undefined)));
  });
  afterAll(async () => {
    await backdoor?.close();
    await smtp?.close();
  });

  it('without a mail server configured, forgot password is a clear error for every address alike', async () => {
    const known = await createUser(t.admin, 'nosmtp');
    for (const email of [known.email, 'nobody@e2e.test']) {
      const { status, body } = await t.api.post('/api/v1/users.forgotPassword', { email });
      expect(status).toBe(400);
      expect(body).toEqual({
        success: false,
        error: 'Error trying to send email: SMTP is not configured [error-email-send-failed]',
        errorType: 'error-email-send-failed',
      });
    }
    expect((await user(known.id)).services.password.reset).toBeUndefined();
    // Bad input: the protocol's error, nothing sent.
    expect((await t.api.post('/api/v1/users.forgotPassword', {})).body).toEqual({ success: false, error: "The 'email' param is required" });

    await setSetting('From_Email', 'chat@e2e.test');
    await setSetting('SMTP_Port', String(smtp.port));
    await setSetting('SMTP_Host', '127.0.0.1');
    await whenForgotPasswordAnswers('ok');
  });

  it('forgot password mails a single-use reset link; resetPassword logs in, ends other sessions and verifies the address', async () => {
    const alice = await createUser(t.admin, 'reset', { verified: false });
    const mailed = smtp.next(alice.email);
    const { status, body } = await t.api.post('/api/v1/users.forgotPassword', { email: alice.email.toUpperCase() });
    expect({ status, body }).toEqual({ status: 200, body: { success: true } });
    const mail = await mailed;
    expect(mail.subject).toBe('Rocket.Chat - Password Recovery');
    expect(mail.from).toBe('chat@e2e.test');
    expect(mail.html).toContain('<h2>Forgot your password?</h2>');
    const token = linkToken(mail, 'reset-password');
    expect(mail.text).toContain(`http://localhost:3000/reset-password/${token}`);
    // Stored hashed, never the token itself.
    const stored = (await user(alice.id)).services.password.reset;
    expect(stored).toMatchObject({ token: hashToken(token), email: alice.email, reason: 'reset' });

    const client = await ddp();
    const result = await client.call<Record<string, unknown>>('resetPassword', token, digest(NEW_PASSWORD));
    expect(result).toEqual({ id: alice.id, token: expect.any(String), tokenExpires: expect.any(Date), type: 'password' });
    // The connection is logged in as Alice.
    await expect(client.call('subscriptions/get')).resolves.toEqual(expect.any(Array));
    // The old session ended; the old password no longer works, the new one does.
    expect((await alice.api.get('/api/v1/me')).status).toBe(401);
    expect((await t.api.post('/api/v1/login', { user: alice.username, password: STRONG_PASSWORD })).status).toBe(401);
    expect((await t.api.post('/api/v1/login', { user: alice.username, password: NEW_PASSWORD })).status).toBe(200);
    const after = await user(alice.id);
    expect(after.emails).toEqual([{ address: alice.email, verified: true }]);
    expect(after.services.password.reset).toBeUndefined();

    // Single use; garbage is refused alike, with Meteor's 403.
    expect(await ddpError((await ddp()).call('resetPassword', token, digest('Third-pass-99')))).toMatchObject({
      error: 403,
      reason: 'Token expired',
    });
    expect(await ddpError((await ddp()).call('resetPassword', 'garbage', digest('Third-pass-99')))).toMatchObject({ error: 403 });
    expect(await ddpError((await ddp()).call('resetPassword', token))).toMatchObject({ error: 400, reason: 'Match failed' });
    expect((await t.api.post('/api/v1/login', { user: alice.username, password: NEW_PASSWORD })).status).toBe(200);
  });

  it('an expired reset link is refused and changes nothing; DDP sendForgotPasswordEmail mails one too', async () => {
    const bob = await createUser(t.admin, 'expired');
    const client = await ddp();
    const mailed = smtp.next(bob.email);
    expect(await client.call('sendForgotPasswordEmail', bob.email)).toBe(true);
    const token = linkToken(await mailed, 'reset-password');
    // Three days (Meteor's lifetime) and a bit ago.
    await backdoor.update(
      'users',
      { _id: bob.id },
      { $set: { 'services.password.reset.when': new Date(Date.now() - 3 * DAY_MS - 60_000) } },
    );
    expect(await ddpError(client.call('resetPassword', token, digest(NEW_PASSWORD)))).toMatchObject({
      error: 403,
      reason: 'Token expired',
    });
    expect((await t.api.post('/api/v1/login', { user: bob.username, password: STRONG_PASSWORD })).status).toBe(200);
    expect((await user(bob.id)).services.password.reset).toBeUndefined();
    // An unknown address answers exactly as a known one, and mails nothing.
    expect(await client.call('sendForgotPasswordEmail', 'nobody-at-all@e2e.test')).toBe(true);
  });

  it('measures: forgot password takes as long for an unknown address as for a known one (logged)', async () => {
    const known = await createUser(t.admin, 'timing');
    const median = async (email: string) => {
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        expect((await t.api.post('/api/v1/users.forgotPassword', { email })).status).toBe(200);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[5];
    };
    const knownMs = await median(known.email);
    const unknownMs = await median('nobody-timing@e2e.test');
    console.log(`users.forgotPassword median of 10: known address ${knownMs.toFixed(1)} ms, unknown ${unknownMs.toFixed(1)} ms`);
    await waitFor(() => smtp.to(known.email).length === 10, { timeoutMs: 20_000, describe: () => 'ten reset e-mails' });
    expect(smtp.to('nobody-timing@e2e.test')).toEqual([]);
  });

  it('registration sends the welcome e-mail and a verification link; verifyEmail verifies and logs in, once', async () => {
    const username = uniqueName('reg');
    const email = `${username}@e2e.test`;
    const welcome = smtp.waitFor((mail) => mail.to.includes(email) && mail.subject === 'Welcome to Rocket.Chat');
    const verification = smtp.waitFor((mail) => mail.to.includes(email) && mail.subject === 'Rocket.Chat - Email address verification');
    const registered = await t.api.post('/api/v1/users.register', { username, email, pass: STRONG_PASSWORD, name: 'Reg Istered' });
    expect(registered.status).toBe(200);
    const id = registered.body.user._id as string;
    expect((await welcome).text).toContain('Visit http://localhost:3000 and try the best open source chat solution available today!');
    const mail = await verification;
    expect(mail.html).toContain('<h2>Hi Reg Istered</h2>');
    expect(mail.from).toBe('chat@e2e.test');
    const token = linkToken(mail, 'verify-email');
    expect((await user(id)).emails).toEqual([{ address: email, verified: false }]);

    const client = await ddp();
    const result = await client.call<Record<string, unknown>>('verifyEmail', token);
    expect(result).toMatchObject({ id, token: expect.any(String), type: 'password' });
    await expect(client.call('subscriptions/get')).resolves.toEqual(expect.any(Array));
    const after = await user(id);
    expect(after.emails).toEqual([{ address: email, verified: true }]);
    expect(after.services.email.verificationTokens).toEqual([]);
    expect(await ddpError((await ddp()).call('verifyEmail', token))).toMatchObject({ error: 403, reason: 'Verify email link expired' });
    expect(await ddpError((await ddp()).call('verifyEmail', 'garbage'))).toMatchObject({ error: 403 });
  });

  it('a registration waiting for approval is announced to the administrators, with its reason', async () => {
    const username = uniqueName('waits');
    const email = `${username}@e2e.test`;
    const announced = smtp.waitFor(
      (mail) =>
        mail.to.includes(ADMIN.email) &&
        mail.subject === '[Rocket.Chat] A new user registered and needs approval' &&
        mail.html.includes(email),
    );
    await setSetting('Accounts_ManuallyApproveNewUsers', true);
    try {
      const registered = await t.api.post('/api/v1/users.register', {
        username,
        email,
        pass: STRONG_PASSWORD,
        name: 'Wai Ting',
        reason: 'Team <A>',
      });
      expect(registered.body.user).toMatchObject({ username, active: false });
      const mail = await announced;
      expect(mail.html).toContain(`<p>The user <b>${email}</b> has been registered.</p><p><b>Reason: Team &lt;A&gt;</b></p>`);
    } finally {
      await setSetting('Accounts_ManuallyApproveNewUsers', false);
    }
  });

  it("activating a user waiting for approval mails them Rocket.Chat's userActivated e-mail; deactivating too; the settings stop it", async () => {
    const username = uniqueName('approved');
    const email = `${username}@e2e.test`;
    await setSetting('Accounts_ManuallyApproveNewUsers', true);
    let userId: string;
    try {
      userId = (await t.api.post('/api/v1/users.register', { username, email, pass: STRONG_PASSWORD, name: 'Ap Proved' })).body.user._id;
    } finally {
      await setSetting('Accounts_ManuallyApproveNewUsers', false);
    }
    const approved = smtp.waitFor((mail) => mail.to.includes(email) && mail.subject === '[Rocket.Chat] Account approved');
    expect((await t.admin.post('/api/v1/users.setActiveStatus', { userId, activeStatus: true })).status).toBe(200);
    // The subject says "approved" (Rocket.Chat renders it without the username), the body "activated".
    expect((await approved).html).toContain('Ap Proved<br/><br/><p>Your account was activated.</p>');
    expect((await user(userId)).inactiveReason).toBeUndefined();

    const deactivated = smtp.waitFor((mail) => mail.to.includes(email) && mail.subject === '[Rocket.Chat] Account deactivated');
    expect((await t.admin.post('/api/v1/users.setActiveStatus', { userId, activeStatus: false })).status).toBe(200);
    expect((await deactivated).html).toContain('<p>Your account was deactivated.</p>');

    await setSetting('Accounts_Send_Email_When_Activating', false);
    try {
      // Deactivating still mails: the next e-mail to arrive for this address is that one, not an activation's.
      const seen = new Set(smtp.to(email));
      const next = smtp.waitFor((mail) => !seen.has(mail) && mail.to.includes(email) && mail.subject.includes('] Account '));
      expect((await t.admin.post('/api/v1/users.setActiveStatus', { userId, activeStatus: true })).status).toBe(200);
      expect((await t.admin.post('/api/v1/users.setActiveStatus', { userId, activeStatus: false })).status).toBe(200);
      expect((await next).subject).toBe('[Rocket.Chat] Account deactivated');
    } finally {
      await setSetting('Accounts_Send_Email_When_Activating', true);
    }
  });

  it('users.create mails the welcome with sendWelcomeEmail and the temporary password with setRandomPassword', async () => {
    const username = uniqueName('added');
    const email = `${username}@e2e.test`;
    const welcome = smtp.waitFor((mail) => mail.to.includes(email) && mail.subject === 'Welcome to Rocket.Chat');
    const password = smtp.waitFor((mail) => mail.to.includes(email) && mail.subject === 'Rocket.Chat - Password Changed Successfully');
    const created = await t.admin.post('/api/v1/users.create', {
      username,
      email,
      name: 'Add Ed',
      password: '',
      setRandomPassword: true,
      sendWelcomeEmail: true,
    });
    expect(created.status).toBe(200);
    expect((await welcome).text).toContain('try the best open source chat solution available today!');
    const mail = await password;
    expect(mail.html).toContain('Your password was changed by an admin.');
    const temporary = /Your temporary password is <strong>([^<]+)<\/strong>/.exec(mail.html)?.[1];
    const login = await t.api.post('/api/v1/login', { user: username, password: temporary });
    expect(login.body).toMatchObject({ status: 'success', data: { userId: created.body.user._id, me: { requirePasswordChange: true } } });
  });

  it('offline e-mail notifications: direct messages and mentions to members not online, per their preferences', async () => {
    const [alice, bob, carol, dave, erin] = await Promise.all(
      ['n-alice', 'n-bob', 'n-carol', 'n-dave', 'n-erin'].map((prefix) => createUser(t.admin, prefix)),
    );
    const send = async (rid: string, msg: string) => {
      const sent = await alice.api.post('/api/v1/chat.sendMessage', { message: { rid, msg } });
      expect(sent.status).toBe(200);
      return sent.body.message as { _id: string };
    };
    const mailsTo = (who: TestUser) => smtp.mails.filter((mail) => mail.to.includes(who.email));

    // A direct message: Offline_DM_Email, the message escaped, the link to it.
    const dm = await alice.api.post('/api/v1/im.create', { username: bob.username });
    const dmRid = dm.body.room._id as string;
    const dmMail = smtp.next(bob.email);
    const direct = await send(dmRid, 'lunch at <noon>?\nsay yes');
    const mail = await dmMail;
    expect(mail.subject).toBe(`[Rocket.Chat] You have been direct messaged by ${alice.username}`);
    expect(mail.html).toContain(`<strong>${alice.username}</strong> sent you a message:<br/><br/>lunch at &lt;noon&gt;?<br/>say yes`);
    expect(mail.html).toContain(`href="http://localhost:3000/direct/${dmRid}?msg=${direct._id}"`);
    expect(mail.text).toContain('lunch at <noon>?');

    // A channel: a mention by name (Offline_Mention_Email); members not mentioned get nothing; someone online
    // (a DDP connection) and someone whose preference is `nothing` get nothing either.
    const socket = await ddp();
    await socket.login(dave.username, STRONG_PASSWORD);
    await waitFor(async () => (await user(dave.id)).statusConnection === 'online', { describe: () => 'dave online' });
    expect((await erin.api.post('/api/v1/users.setPreferences', { data: { emailNotificationMode: 'nothing' } })).status).toBe(200);
    const room = uniqueName('mail-room');
    const created = await alice.api.post('/api/v1/channels.create', {
      name: room,
      members: [bob.username, carol.username, dave.username, erin.username],
    });
    const rid = created.body.channel._id as string;
    const mention = smtp.next(bob.email);
    const first = await send(rid, `@${bob.username} @${dave.username} @${erin.username} the report`);
    expect((await mention).subject).toBe(`[Rocket.Chat] You have been mentioned by ${alice.username} in #${room}`);
    // Carol's room choice `all`: a plain message reaches her (Offline_Mention_All_Email); the earlier one did not.
    expect(
      (await carol.api.post('/api/v1/rooms.saveNotification', { roomId: rid, notifications: { emailNotifications: 'all' } })).status,
    ).toBe(200);
    const toCarol = smtp.next(carol.email);
    const second = await send(rid, 'no mention at all');
    const carolMail = await toCarol;
    expect(carolMail.subject).toBe(`${alice.username} has posted a message in #${room}`);
    expect(carolMail.html).toContain(`href="http://localhost:3000/channel/${room}?msg=${second._id}"`);
    expect(mailsTo(carol).filter((m) => m.html.includes(first._id))).toHaveLength(0);
    expect(mailsTo(dave)).toHaveLength(0);
    expect(mailsTo(erin)).toHaveLength(0);
    expect(mailsTo(bob).filter((m) => m.html.includes(second._id))).toHaveLength(0);

    // The server's default `nothing` silences members without a choice of their own; Email_notification_show_message
    // off keeps the text out.
    await setSetting('Accounts_Default_User_Preferences_emailNotificationMode', 'nothing');
    await setSetting('Email_notification_show_message', false);
    try {
      // Settings reach core through `settings.changed`, in order: messages until one is built with the second.
      let third = { _id: '' };
      let carolHidden: CapturedMail | undefined;
      await waitFor(
        async () => {
          const next = smtp.next(carol.email);
          third = await send(rid, `@${bob.username} secret words`);
          carolHidden = await next;
          return !carolHidden.html.includes('secret words');
        },
        { timeoutMs: 15_000, describe: () => 'Email_notification_show_message off in core' },
      );
      expect(carolHidden!.html).toContain(`<strong>${alice.username}</strong> sent a message on <strong>#${room}</strong>`);
      // One more round through the queue (items are worked in the order they fall due) before looking at bob's.
      const last = smtp.next(carol.email);
      await send(rid, 'one more');
      await last;
      expect(mailsTo(bob).filter((m) => m.html.includes(third._id))).toHaveLength(0);
    } finally {
      await setSetting('Accounts_Default_User_Preferences_emailNotificationMode', 'mentions');
      await setSetting('Email_notification_show_message', true);
    }
  });

  it('users.sendConfirmationEmail mails one of the caller’s own unverified addresses only; DDP sendConfirmationEmail reveals nothing', async () => {
    const carol = await createUser(t.admin, 'confirm', { verified: false });
    const other = await createUser(t.admin, 'other');
    const mailed = smtp.next(carol.email);
    expect((await carol.api.post('/api/v1/users.sendConfirmationEmail', { email: carol.email })).body).toEqual({ success: true });
    expect(linkToken(await mailed, 'verify-email')).toEqual(expect.any(String));
    expect((await carol.api.post('/api/v1/users.sendConfirmationEmail', { email: other.email })).body).toMatchObject({
      success: false,
      errorType: 'error-invalid-email',
    });
    expect((await other.api.post('/api/v1/users.sendConfirmationEmail', { email: other.email })).body).toMatchObject({
      success: false,
      errorType: 'error-email-already-verified',
    });
    expect((await t.api.post('/api/v1/users.sendConfirmationEmail', { email: carol.email })).status).toBe(401);
    const client = await ddp();
    const again = smtp.next(carol.email);
    expect(await client.call('sendConfirmationEmail', carol.email)).toBe(true);
    expect(await client.call('sendConfirmationEmail', 'nobody-at-all@e2e.test')).toBe(true);
    const second = linkToken(await again, 'verify-email');
    await client.call('verifyEmail', second);
    expect((await user(carol.id)).emails[0].verified).toBe(true);
  });

  describe('the e-mail second factor', () => {
    /** A user with a verified address, registered long ago (so sensitive actions ask), e-mail codes on. */
    const emailFactorUser = async (prefix: string): Promise<TestUser> => {
      const u = await createUser(t.admin, prefix);
      await backdoor.update('users', { _id: u.id }, { $set: { createdAt: new Date(Date.now() - 2 * DAY_MS) } });
      expect((await u.api.post('/api/v1/users.2fa.enableEmail')).body).toEqual({ success: true });
      return u;
    };
    const withCode = (api: RestClient, path: string, body: unknown, code?: string) =>
      api.send<Record<string, any>>('POST', path, body, code ? { 'x-2fa-code': code, 'x-2fa-method': 'email' } : {});

    it('enabling needs verified addresses and logs out the other clients', async () => {
      const unverified = await createUser(t.admin, 'unv', { verified: false });
      expect((await unverified.api.post('/api/v1/users.2fa.enableEmail')).body).toMatchObject({
        success: false,
        errorType: 'error-invalid-user',
        error: 'You need to verify your emails before setting up 2FA [error-invalid-user]',
      });
      const dave = await createUser(t.admin, 'dave');
      const otherClient = await t.api.login(dave.username, STRONG_PASSWORD);
      expect((await dave.api.post('/api/v1/users.2fa.enableEmail')).body).toEqual({ success: true });
      expect((await otherClient.get('/api/v1/me')).status).toBe(401);
      // The account page's switch reads it from /me.
      const me = await dave.api.get('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body.services).toEqual({ password: { exists: true }, email2fa: { enabled: true } });
      expect((await user(dave.id)).services.email2fa).toMatchObject({ enabled: true });
    });

    it('a sensitive action mails a code, stored hashed, that works once; disabling asks for a fresh one', async () => {
      const erin = await emailFactorUser('erin');
      const mailed = smtp.next(erin.email);
      const asked = await withCode(erin.api, '/api/v1/users.generatePersonalAccessToken', { tokenName: 'ci' });
      expect(asked.status).toBe(400);
      expect(asked.body).toMatchObject({
        errorType: 'totp-required',
        details: { method: 'email', codeGenerated: true, emailOrUsername: erin.username, availableMethods: ['email'] },
      });
      const mail = await mailed;
      expect(mail.subject).toBe('Authentication code');
      expect(mail.from).toBe('chat@e2e.test');
      const code = mailedCode(mail);
      const stored = (await user(erin.id)).services.emailCode;
      expect(stored).toMatchObject({ attempts: 0 });
      expect(stored.code).not.toContain(code);

      const wrong = await withCode(
        erin.api,
        '/api/v1/users.generatePersonalAccessToken',
        { tokenName: 'ci' },
        code === '000000' ? '111111' : '000000',
      );
      expect(wrong.body).toMatchObject({ errorType: 'totp-invalid', details: { method: 'email', codeGenerated: false } });
      expect((await user(erin.id)).services.emailCode.attempts).toBe(1);
      const right = await withCode(
        erin.api,
        '/api/v1/users.generatePersonalAccessToken',
        { tokenName: 'ci' },
        `${code.slice(0, 3)}-${code.slice(3)}`,
      );
      expect(right.status).toBe(200);
      expect((await user(erin.id)).services.emailCode).toBeUndefined();

      // users.2fa.disableEmail asks every time: the spent code is refused, a new one is mailed.
      const fresh = smtp.next(erin.email);
      const reused = await withCode(erin.api, '/api/v1/users.2fa.disableEmail', {}, code);
      expect(reused.body).toMatchObject({ errorType: 'totp-invalid', details: { method: 'email', codeGenerated: true } });
      const newCode = mailedCode(await fresh);
      expect((await withCode(erin.api, '/api/v1/users.2fa.disableEmail', {}, newCode)).body).toEqual({ success: true });
      expect((await user(erin.id)).services.email2fa).toMatchObject({ enabled: false });
    });

    it('users.2fa.sendEmailCode mails a code to the user named, and answers alike for anyone else', async () => {
      const frank = await emailFactorUser('frank');
      const mailed = smtp.next(frank.email);
      expect((await t.api.post('/api/v1/users.2fa.sendEmailCode', { emailOrUsername: frank.username })).body).toEqual({ success: true });
      expect(mailedCode(await mailed)).toMatch(/^\d{6}$/);
      expect((await t.api.post('/api/v1/users.2fa.sendEmailCode', { emailOrUsername: 'no-such-user' })).body).toEqual({ success: true });
      expect((await t.api.post('/api/v1/users.2fa.sendEmailCode', {})).body).toMatchObject({ success: false, errorType: 'invalid-params' });
    });
  });

  describe('a mail server that fails', () => {
    it('unreachable: a clear error for every caller alike, nothing stored', async () => {
      const gina = await createUser(t.admin, 'gina', { verified: false });
      const closed = await freePort();
      await setSetting('SMTP_Port', String(closed));
      try {
        await whenForgotPasswordAnswers('error');
        for (const email of [gina.email, 'nobody@e2e.test']) {
          expect((await t.api.post('/api/v1/users.forgotPassword', { email })).body).toEqual({
            success: false,
            error: 'Error trying to send email: the mail server could not be reached [error-email-send-failed]',
            errorType: 'error-email-send-failed',
          });
        }
        const confirm = await gina.api.post('/api/v1/users.sendConfirmationEmail', { email: gina.email });
        expect(confirm.body).toMatchObject({ success: false, errorType: 'error-email-send-failed' });
        expect(await ddpError((await ddp()).call('sendForgotPasswordEmail', gina.email))).toMatchObject({
          error: 'error-email-send-failed',
        });
        const after = await user(gina.id);
        expect(after.services.password.reset).toBeUndefined();
        expect(after.services.email?.verificationTokens ?? []).toEqual([]);
      } finally {
        await setSetting('SMTP_Port', String(smtp.port));
        await whenForgotPasswordAnswers('ok');
      }
    });

    it('refusing the message: the logged-in request fails with nothing stored; the anonymous one takes its token back', async () => {
      const hank = await createUser(t.admin, 'hank', { verified: false });
      smtp.refuseRecipients = true;
      try {
        const confirm = await hank.api.post('/api/v1/users.sendConfirmationEmail', { email: hank.email });
        expect(confirm.body).toEqual({
          success: false,
          error: 'Error trying to send email: the mail server refused the message [error-email-send-failed]',
          errorType: 'error-email-send-failed',
        });
        expect((await user(hank.id)).services.email?.verificationTokens ?? []).toEqual([]);
        // Anonymous: answered before the send (nothing tells whether the address exists); the failed send
        // removes the reset token it had stored.
        const failedBefore = await failedSends('forgot-password');
        expect((await t.api.post('/api/v1/users.forgotPassword', { email: hank.email })).body).toEqual({ success: true });
        await waitFor(async () => (await failedSends('forgot-password')) > failedBefore, {
          timeoutMs: 15_000,
          describe: () => 'the refused send counted',
        });
        await waitFor(async () => (await user(hank.id)).services.password.reset === undefined, {
          timeoutMs: 15_000,
          describe: () => 'the reset token removed after the refused send',
        });
      } finally {
        smtp.refuseRecipients = false;
      }
      expect(smtp.to(hank.email)).toEqual([]);
    });
  });
});
