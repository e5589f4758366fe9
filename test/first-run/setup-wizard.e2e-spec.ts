import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Stack } from '@rc/local-stack';
import mongoose from 'mongoose';
import { createHash } from 'node:crypto';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import { RestClient } from '../support/rest-client.js';
import { TEST_ENV } from '../support/stack.js';

/**
 * The first start without ADMIN_PASS, then Rocket.Chat's setup wizard as its web client drives it: the
 * administrator's step (registerUser, login, setUsername, Organization_Email), the organisation's step
 * (saveSettings), the registration step (cloud.registerPreIntent: offline) and completion (Show_Setup_Wizard).
 */
describe('first run: a generated administrator password and the setup wizard', () => {
  const { ADMIN_PASS: _unset, ...env } = TEST_ENV;
  const firstRunLines: string[] = [];
  let stack: Stack;
  let api: RestClient;
  let db: mongoose.Connection;
  let generated: { username: string; password: string };

  beforeAll(async () => {
    stack = await Stack.start({
      env,
      onLine: (_instance, line) => {
        if (line.includes('"firstRunAdmin"')) firstRunLines.push(line);
      },
    });
    api = new RestClient(stack.gatewayUrl());
    db = await mongoose.createConnection(stack.mongoUrl).asPromise();
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await stack?.stop();
  }, 60_000);

  const wizardState = async () => (await api.get('/api/v1/settings.public', { _id: 'Show_Setup_Wizard' })).body.settings[0]?.value;
  const setting = async (id: string) =>
    ((await db.collection('rocketchat_settings').findOne({ _id: id as never })) as { value?: unknown } | null)?.value;
  const ddpAs = async (user?: string, password?: string) => {
    const ddp = await DdpClient.connect(stack.gatewayUrl());
    if (!user) return ddp;
    // By e-mail as the wizard does after registering, by username otherwise (Meteor's password login).
    const selector = user.includes('@') ? { email: user } : { username: user };
    const digest = createHash('sha256').update(password!).digest('hex');
    await ddp.call('login', { user: selector, password: { digest, algorithm: 'sha-256' } });
    return ddp;
  };
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => (error as DdpError).error as { error: string | number; reason?: string },
    );

  it('creates the administrator with a generated password, logged once, that logs in', async () => {
    expect(firstRunLines).toHaveLength(1);
    generated = (JSON.parse(firstRunLines[0]) as { firstRunAdmin: { username: string; password: string } }).firstRunAdmin;
    expect(generated.username).toBe('admin');
    expect(generated.password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(firstRunLines[0]).toContain(generated.password);
    expect((await api.post('/api/v1/login', { user: 'admin', password: 'admin' })).status).toBe(401);
    expect((await api.post('/api/v1/login', { user: 'admin', password: generated.password })).status).toBe(200);
  });

  it('moves the wizard to in_progress because an administrator exists, and a restart prints no password again', async () => {
    expect(await wizardState()).toBe('in_progress');
    const [accounts] = stack.instances('accounts');
    await stack.restart(accounts);
    expect(firstRunLines).toHaveLength(1);
    expect((await api.post('/api/v1/login', { user: 'admin', password: generated.password })).status).toBe(200);
  }, 90_000);

  describe('with no administrator (an empty database without the seed), the administrator step', () => {
    it('makes the first user who registers the administrator and moves a pending wizard on', async () => {
      // What an instance seeded by another release, or restored without its administrator, looks like.
      await db.collection('users').updateMany({ roles: 'admin' }, { $pull: { roles: 'admin' } } as never);
      await db.collection('rocketchat_settings').updateOne({ _id: 'Show_Setup_Wizard' as never }, { $set: { value: 'pending' } });
      expect(await wizardState()).toBe('pending');

      const anonymous = await ddpAs();
      const parameters = await anonymous.call<{ settings: Array<{ _id: string; values?: unknown[] }>; serverAlreadyRegistered: boolean }>(
        'getSetupWizardParameters',
      );
      expect(parameters.serverAlreadyRegistered).toBe(false);
      expect(parameters.settings.map((s) => s._id)).toEqual(
        expect.arrayContaining(['Organization_Type', 'Organization_Name', 'Industry', 'Size', 'Country', 'Website', 'Server_Type']),
      );
      expect(parameters.settings.find((s) => s._id === 'Country')?.values).toContainEqual({ key: 'germany', i18nLabel: 'Country_Germany' });

      // Rocket.Chat 7's web client sends methods over REST by default (API_Use_REST_For_DDP_Calls): anonymously, callAnon.
      const overRest = await api.post('/api/v1/method.callAnon/getSetupWizardParameters', {
        message: JSON.stringify({ msg: 'method', id: '1', method: 'getSetupWizardParameters', params: [] }),
      });
      expect(overRest.status).toBe(200);
      expect(JSON.parse(overRest.body.message as string)).toMatchObject({
        msg: 'result',
        id: '1',
        result: { serverAlreadyRegistered: false },
      });

      // Bad input: Rocket.Chat's errors, nobody created.
      expect(
        await refusal(anonymous.call('registerUser', { username: 'owner', email: 'not-an-email', pass: 'x-Secret-1', name: 'Owner' })),
      ).toMatchObject({
        error: 'error-invalid-email',
      });
      expect(await refusal(anonymous.call('registerUser', 'owner'))).toMatchObject({ error: 'invalid-params' });
      expect(await db.collection('users').countDocuments({ username: 'owner' })).toBe(0);

      const userId = await anonymous.call<string>('registerUser', {
        username: 'owner',
        email: 'owner@example.com',
        pass: 'o-Secret-1',
        name: 'Owner',
      });
      expect(typeof userId).toBe('string');
      // Rocket.Chat's first user gets the `admin` role alone.
      expect(((await db.collection('users').findOne({ _id: userId as never })) as { roles: string[] } | null)?.roles).toEqual(['admin']);
      expect(await wizardState()).toBe('in_progress');

      // The client then logs in by e-mail, confirms the username and records the organisation's e-mail.
      const owner = await ddpAs('owner@example.com', 'o-Secret-1');
      expect(await owner.call('setUsername', 'owner')).toBe('owner');
      expect(await owner.call('saveSettings', [{ _id: 'Organization_Email', value: 'owner@example.com' }])).toBe(true);
      expect(await setting('Organization_Email')).toBe('owner@example.com');

      // A second registration is an ordinary user.
      const second = await anonymous.call<string>('registerUser', {
        username: 'second',
        email: 'second@example.com',
        pass: 's-Secret-1',
        name: 'Second',
      });
      expect(((await db.collection('users').findOne({ _id: second as never })) as { roles: string[] } | null)?.roles).toEqual(['user']);
      await Promise.all([anonymous.close(), owner.close()]);
    }, 60_000);
  });

  describe('the organisation step, registration and completion', () => {
    it("refuses bad organisation input with Rocket.Chat's errors and changes nothing", async () => {
      const owner = await ddpAs('owner', 'o-Secret-1');
      const before = await Promise.all(['Country', 'Industry', 'Organization_Name', 'Site_Name'].map(setting));
      const attempts: unknown[][] = [
        [
          { _id: 'Country', value: 'atlantis' },
          { _id: 'Organization_Name', value: 'Acme' },
        ],
        [
          { _id: 'Organization_Name', value: 'Acme' },
          { _id: 'Industry', value: 42 },
        ],
        [
          { _id: 'Organization_Name', value: 'Acme' },
          { _id: 'No_Such_Setting', value: 'x' },
        ],
      ];
      for (const changes of attempts)
        expect(await refusal(owner.call('saveSettings', changes))).toMatchObject({ error: 'error-invalid-setting' });
      expect(await refusal(owner.call('saveSettings', [{ _id: { $ne: null }, value: 'x' }]))).toMatchObject({ error: 'invalid-params' });
      expect(await refusal(owner.call('saveSettings', 'Organization_Name'))).toMatchObject({ error: 'invalid-params' });
      expect(await Promise.all(['Country', 'Industry', 'Organization_Name', 'Site_Name'].map(setting))).toEqual(before);
      await owner.close();
    });

    it('refuses a user without the settings permissions', async () => {
      const member = await ddpAs('second', 's-Secret-1');
      expect(await refusal(member.call('saveSettings', [{ _id: 'Organization_Name', value: 'Mine' }]))).toMatchObject({
        error: 'error-action-not-allowed',
        reason: 'Editing settings is not allowed',
        // The site's name follows the organisation's, so it is refused too (Rocket.Chat adds it before checking).
        details: { method: 'saveSettings', settingIds: ['Organization_Name', 'Site_Name'] },
      });
      expect(await refusal(member.call('saveSettings', [{ _id: 'Show_Setup_Wizard', value: 'completed' }]))).toMatchObject({
        error: 'error-action-not-allowed',
      });
      const memberRest = await api.login('second', 's-Secret-1');
      expect((await memberRest.post('/api/v1/cloud.registerPreIntent', {})).status).toBe(403);
      await member.close();
    });

    it('saves the organisation (the site takes its name), answers offline to registration, and completes', async () => {
      const owner = await ddpAs('owner', 'o-Secret-1');
      const organisation = [
        { _id: 'Country', value: 'germany' },
        { _id: 'Industry', value: 'education' },
        { _id: 'Size', value: '2' },
        { _id: 'Organization_Name', value: 'Acme School' },
      ];
      expect(await owner.call('saveSettings', organisation)).toBe(true);
      for (const { _id, value } of organisation) expect(await setting(_id)).toBe(value);
      const site = await api.get('/api/v1/settings.public', { _id: 'Site_Name' });
      expect(site.body.settings[0].value).toBe('Acme School');

      const ownerRest = await api.login('owner', 'o-Secret-1');
      const preIntent = await ownerRest.post('/api/v1/cloud.registerPreIntent', {});
      expect(preIntent.body).toEqual({ offline: true, success: true });

      expect(await owner.call('saveSettings', [{ _id: 'Show_Setup_Wizard', value: 'completed' }])).toBe(true);
      expect(await wizardState()).toBe('completed');
      await owner.close();
    });

    it('is refused once completed: the state stays, anonymous callers get no parameters, members change nothing', async () => {
      const owner = await ddpAs('owner', 'o-Secret-1');
      expect(await refusal(owner.call('saveSettings', [{ _id: 'Show_Setup_Wizard', value: 'in_progress' }]))).toMatchObject({
        error: 'error-action-not-allowed',
        reason: 'The setup wizard is already completed',
      });
      const ownerRest = await api.login('owner', 'o-Secret-1');
      expect((await ownerRest.post('/api/v1/settings/Show_Setup_Wizard', { value: 'pending' })).body).toMatchObject({
        success: false,
        errorType: 'error-action-not-allowed',
      });
      expect(await wizardState()).toBe('completed');

      const anonymous = await ddpAs();
      expect(await refusal(anonymous.call('getSetupWizardParameters'))).toMatchObject({ error: 'error-action-not-allowed' });
      // An administrator still reads them (the administration pages).
      expect((await owner.call<{ settings: unknown[] }>('getSetupWizardParameters')).settings.length).toBeGreaterThan(0);

      const member = await ddpAs('second', 's-Secret-1');
      expect(await refusal(member.call('saveSettings', [{ _id: 'Country', value: 'france' }]))).toMatchObject({
        error: 'error-action-not-allowed',
      });
      expect(await setting('Country')).toBe('germany');
      await Promise.all([owner.close(), anonymous.close(), member.close()]);
    });
  });
});
