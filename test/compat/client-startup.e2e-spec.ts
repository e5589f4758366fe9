import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DDPSDK } from '@rocket.chat/ddp-client';
import mongoose from 'mongoose';
import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import { ADMIN, useStack } from '../support/stack.js';
import { closeAll, connectAs, createUser, type RealtimeUser } from '../realtime/support/realtime-users.js';

type Doc = Record<string, any>;
const ids = (docs: Doc[]) => docs.map((d) => d._id as string);

/** The Meteor error a refused call answers with. */
async function refusal(call: Promise<unknown>): Promise<Doc> {
  const error = await call.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof DdpError)) throw error;
  return error.error;
}

/**
 * The DDP methods Rocket.Chat's web and mobile clients call at start-up, before showing anything: the settings
 * and permissions they cache (whole, then `{update, remove}` since their last sync), the license questions,
 * custom statuses and sounds, and the user's UTC offset.
 */
describe('the clients start-up methods over DDP', () => {
  const t = useStack();
  let url: string;
  let user: RealtimeUser;
  let userDdp: DdpClient;
  let adminDdp: DdpClient;
  let anonymous: DdpClient;

  beforeAll(async () => {
    url = t.stack.gatewayUrl();
    user = await createUser(t.admin, 'startup');
    userDdp = await connectAs(url, user);
    adminDdp = await DdpClient.connect(url);
    await adminDdp.login(ADMIN.username, ADMIN.password);
    anonymous = await DdpClient.connect(url);
  });

  afterAll(() => closeAll(userDdp, adminDdp, anonymous));

  it('gets the official @rocket.chat/ddp-client past the web client start-up calls', async () => {
    // The SDK opens its socket with the global WebSocket (a browser's); Node 20 has none.
    (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
    const sdk = await DDPSDK.createAndConnect(url);
    try {
      // Before login, as the web client's loading screen does.
      const settings = (await sdk.call('public-settings/get')) as Doc[];
      expect(ids(settings)).toContain('Site_Name');
      expect(settings.every((s) => s.public === true && s.hidden !== true)).toBe(true);
      expect(settings.find((s) => s._id === 'Site_Name')).toMatchObject({
        type: 'string',
        value: expect.any(String),
        // The SDK hands results over as EJSON, unparsed: a date on the wire.
        _updatedAt: { $date: expect.any(Number) },
      });
      await expect(sdk.call('license:getModules')).resolves.toEqual([]);
      await expect(sdk.call('license:isEnterprise')).resolves.toBe(false);

      await sdk.account.loginWithPassword(user.username, createHash('sha256').update(user.password).digest('hex'));
      const permissions = (await sdk.call('permissions/get')) as Doc[];
      expect(permissions.find((p) => p._id === 'view-privileged-setting')).toMatchObject({ roles: expect.arrayContaining(['admin']) });
      await expect(sdk.call('private-settings/get')).resolves.toEqual([]);
      await expect(sdk.call('listCustomUserStatus')).resolves.toEqual([]);
      await expect(sdk.call('listCustomSounds')).resolves.toEqual([]);
      // A non-English user's dates: moment's locale file, which the client runs (`pt-BR` → moment's `pt-br`).
      const portuguese = (await sdk.call('loadLocale', 'pt-BR')) as string;
      expect(portuguese).toContain("defineLocale('pt-br'");
      const defined: string[] = [];
      runInNewContext(portuguese, { moment: { defineLocale: (name: string) => defined.push(name) } });
      expect(defined).toEqual(['pt-br']);
      expect((await sdk.call('loadLocale', 'de-LU')) as string).toContain("defineLocale('de'");
      await expect(sdk.call('loadLocale', '../../package')).rejects.toMatchObject({ reason: 'Moment locale not found: ../../package' });
    } finally {
      sdk.connection.close();
      // The SDK's heartbeat timers outlive an explicit close: stop them so that the test run can end.
      await sleep(200);
      sdk.timeoutControl.stop();
    }
  });

  it('public-settings/get since a date answers {update, remove} with only what changed', async () => {
    const before = new Date();
    await sleep(5);
    const { status } = await t.admin.post('/api/v1/settings/Site_Name', { value: 'Start-up test site' });
    expect(status).toBe(200);

    const changed = await anonymous.call('public-settings/get', before);
    expect(changed).toEqual({ update: [expect.objectContaining({ _id: 'Site_Name', value: 'Start-up test site' })], remove: [] });
    await expect(anonymous.call('public-settings/get', new Date(Date.now() + 60_000))).resolves.toEqual({ update: [], remove: [] });
    // Anything but a date means everything, as Rocket.Chat reads it.
    expect(ids(await anonymous.call<Doc[]>('public-settings/get', 'yesterday'))).toContain('Site_Name');
  });

  it('private-settings/get gives privileged users every visible setting and anyone else an empty list', async () => {
    const all = await adminDdp.call<Doc[]>('private-settings/get');
    const publicOnes = await adminDdp.call<Doc[]>('public-settings/get');
    expect(all.length).toBeGreaterThan(publicOnes.length);
    expect(all.some((s) => s.public !== true)).toBe(true);
    expect(all.every((s) => s.hidden !== true)).toBe(true);

    const before = new Date();
    await sleep(5);
    await t.admin.post('/api/v1/settings/Site_Name', { value: 'Private sync test' });
    await expect(adminDdp.call('private-settings/get', before)).resolves.toEqual({
      update: [expect.objectContaining({ _id: 'Site_Name', value: 'Private sync test' })],
      remove: [],
    });

    await expect(userDdp.call('private-settings/get', before)).resolves.toEqual({ update: [], remove: [] });
    await expect(anonymous.call('private-settings/get')).resolves.toEqual([]);
  });

  it('permissions/get answers anyone, whole or since a date, and refuses a date of another type', async () => {
    const all = await anonymous.call<Doc[]>('permissions/get');
    expect(all.length).toBeGreaterThan(50);
    await expect(userDdp.call('permissions/get', new Date(Date.now() + 60_000))).resolves.toEqual({ update: [], remove: [] });

    const before = new Date();
    await sleep(5);
    const { status } = await t.admin.post('/api/v1/permissions.update', {
      permissions: [{ _id: 'view-room-administration', roles: ['admin'] }],
    });
    expect(status).toBe(200);
    const since = await userDdp.call<{ update: Doc[]; remove: Doc[] }>('permissions/get', before);
    expect(since).toEqual({ update: [expect.objectContaining({ _id: 'view-room-administration', roles: ['admin'] })], remove: [] });

    expect(await refusal(userDdp.call('permissions/get', 'yesterday'))).toMatchObject({ error: 'invalid-params' });
  });

  it('listCustomUserStatus and listCustomSounds list what an administrator defined in the database', async () => {
    // No route here creates them yet: written as Rocket.Chat's administration would leave them.
    const client = await mongoose.mongo.MongoClient.connect(t.stack.mongoUrl);
    try {
      const db = client.db();
      await db
        .collection<{ _id: string } & Doc>('rocketchat_custom_user_status')
        .insertOne({ _id: 'cs1', name: 'In a meeting', statusType: 'busy' });
      await db.collection<{ _id: string } & Doc>('rocketchat_custom_sounds').insertOne({ _id: 'snd1', name: 'Ding', extension: 'mp3' });
    } finally {
      await client.close();
    }
    await expect(userDdp.call('listCustomUserStatus')).resolves.toEqual([{ _id: 'cs1', name: 'In a meeting', statusType: 'busy' }]);
    await expect(anonymous.call('listCustomSounds')).resolves.toEqual([{ _id: 'snd1', name: 'Ding', extension: 'mp3' }]);
  });

  it('listCustomUserStatus needs a logged-in user; listCustomSounds does not, as in Rocket.Chat', async () => {
    expect(await refusal(anonymous.call('listCustomUserStatus'))).toMatchObject({ error: 'error-invalid-user' });
    expect(await anonymous.call('listCustomSounds')).toEqual(expect.any(Array));
  });

  it("userSetUtcOffset stores the caller's offset; a non-number is refused and changes nothing", async () => {
    await expect(userDdp.call('userSetUtcOffset', 5.5)).resolves.toBeUndefined();
    // Rocket.Chat allows one call a minute per user: the refusals come from another user.
    expect(await refusal(adminDdp.call('userSetUtcOffset', '5.5'))).toMatchObject({ error: 'invalid-params' });
    expect(await refusal(adminDdp.call('userSetUtcOffset', 99))).toMatchObject({ error: 'too-many-requests' });
    const { body } = await t.admin.get('/api/v1/users.info', { userId: user.id });
    expect(body.user.utcOffset).toBe(5.5);
    // Anonymous callers change nothing and are not refused, as in Rocket.Chat.
    await expect(anonymous.call('userSetUtcOffset', 2)).resolves.toBeUndefined();
  });
});
