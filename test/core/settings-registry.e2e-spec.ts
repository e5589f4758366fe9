import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { ALL_SETTINGS, ROCKETCHAT_SETTINGS, SETTING_GROUPS, type RegisteredSetting } from '@rc/settings';
import type { RestClient } from '../support/rest-client.js';
import { TEST_ENV, useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, StackProbe, uniqueName, type CoreUser } from './support/core-fixtures.js';

/** Settings the server itself writes at start (the setup wizard's state once an administrator exists). */
const WRITTEN_AT_START = new Set(['Show_Setup_Wizard']);
/** Environment the stack starts with: a forced value and a first value (Rocket.Chat's two override forms). */
const ENV = {
  OVERWRITE_SETTING_Site_Name: 'Forced Site',
  Message_MaxAllowedSize: '4321',
  OVERWRITE_SETTING_Accounts_AllowUserStatusMessageChange: 'false',
};
const visible = (s: RegisteredSetting) => !s.hidden;

async function pages(client: RestClient, path: string, params: Record<string, string | number> = {}) {
  const all: Array<Record<string, unknown>> = [];
  for (let offset = 0; ; offset += 100) {
    const page = ok(await client.get(path, { ...params, offset, count: 100 }));
    all.push(...(page.settings as Array<Record<string, unknown>>));
    if (offset + 100 >= page.total) return { settings: all, total: page.total as number };
  }
}

/** Rocket.Chat's registry seeded, listed, typed and overridden from the environment; settings that act. */
describe('settings registry', () => {
  const t = useStack({ env: ENV });
  let user: CoreUser;
  let probe: StackProbe;

  beforeAll(async () => {
    user = await createUser(t.admin, 'settings');
    probe = await StackProbe.open(t.stack);
  });
  afterAll(async () => {
    await probe?.close();
  });

  it('holds every Rocket.Chat setting, each readable by an administrator with its default', async () => {
    expect(ROCKETCHAT_SETTINGS.length).toBeGreaterThan(900);
    const { settings, total } = await pages(t.admin, '/api/v1/settings');
    const expected = ALL_SETTINGS.filter(visible);
    // The groups are documents of their own (`type: 'group'`), as Rocket.Chat stores them.
    expect(total).toBe(expected.length + SETTING_GROUPS.filter((g) => !g.hidden).length);
    const byId = new Map(settings.map((s) => [s._id as string, s]));
    const wrong = expected
      .filter(
        (s) =>
          !s.generated && !WRITTEN_AT_START.has(s._id) && !(`OVERWRITE_SETTING_${s._id}` in ENV) && !(s._id in ENV) && !(s._id in TEST_ENV),
      )
      .filter((s) => JSON.stringify(byId.get(s._id)?.value) !== JSON.stringify(s.packageValue))
      .map((s) => s._id);
    expect(wrong).toEqual([]);
    expect(byId.get('uniqueID')?.value).toMatch(/^[0-9a-f-]{36}$/);
    // One by id too, for every type.
    for (const type of new Set(expected.map((s) => s.type))) {
      const one = expected.find(
        (s) => s.type === type && !s.generated && !WRITTEN_AT_START.has(s._id) && !(s._id in ENV) && !(s._id in TEST_ENV),
      )!;
      expect(ok(await t.admin.get(`/api/v1/settings/${one._id}`))).toEqual({ success: true, _id: one._id, value: one.packageValue });
    }
  });

  it('lists every public setting to anybody, and only those; the rest only with view-privileged-setting', async () => {
    const { settings } = await pages(t.api, '/api/v1/settings.public');
    const publicIds = ALL_SETTINGS.filter((s) => s.public && visible(s))
      .map((s) => s._id)
      .sort();
    expect(settings.map((s) => s._id).sort()).toEqual(publicIds);
    expect(settings.find((s) => s._id === 'E2E_Enable')).toEqual({ _id: 'E2E_Enable', value: false, enterprise: false });
    const mine = await pages(user.api, '/api/v1/settings');
    expect(mine.settings.map((s) => s._id).sort()).toEqual(publicIds);
  });

  it("filters, sorts and projects the list with Rocket.Chat's JSON parameters", async () => {
    const e2e = ok(
      await t.admin.get('/api/v1/settings', {
        query: JSON.stringify({ group: 'E2E Encryption', type: { $ne: 'group' } }),
        sort: JSON.stringify({ _id: -1 }),
        fields: JSON.stringify({ type: 1, public: 1 }),
      }),
    );
    const expected = ALL_SETTINGS.filter((s) => s.group === 'E2E Encryption' && visible(s));
    expect(e2e.settings.map((s: { _id: string }) => s._id)).toEqual(
      expected
        .map((s) => s._id)
        .sort()
        .reverse(),
    );
    expect(e2e.settings.find((s: { _id: string }) => s._id === 'E2E_Enable')).toEqual({
      _id: 'E2E_Enable',
      value: false,
      enterprise: false,
      type: 'boolean',
      public: true,
    });
    const regex = ok(await t.api.get('/api/v1/settings.public', { query: JSON.stringify({ _id: { $regex: '^E2E_' } }) }));
    expect(regex.settings.map((s: { _id: string }) => s._id)).toContain('E2E_Enable');
    for (const [param, value, errorType] of [
      ['query', '{"value":{"$ne":null}}', 'error-invalid-query'],
      ['query', '{"_id":{"$where":"1"}}', 'error-invalid-query'],
      ['query', 'not json', 'error-invalid-query'],
      ['sort', '{"_id":"up"}', 'error-invalid-sort'],
      ['fields', '{"nope":1}', 'error-invalid-fields'],
    ]) {
      const refused = await t.admin.get('/api/v1/settings', { [param]: value });
      expect({ param, value, status: refused.status, errorType: refused.body.errorType }).toEqual({ param, value, status: 400, errorType });
    }
  });

  it("checks each type's values on POST settings/:_id, refuses unknown ids, and accepts a value of the type", async () => {
    // Not a default preference: the /me test reads those.
    const pick = (type: string) =>
      ALL_SETTINGS.find(
        (s) => s.type === type && visible(s) && !s.blocked && !(s._id in ENV) && !s._id.startsWith('Accounts_Default_User_Preferences_'),
      )!;
    const table: Array<[type: string, wrong: unknown, right: unknown]> = [
      ['boolean', 'yes', true],
      ['int', 'many', 7],
      ['int', 1.5, 8],
      ['string', 5, 'text'],
      ['select', 'no-such-option', undefined],
      ['multiSelect', 'a', []],
      ['code', 12, ''],
      ['password', false, 'secret'],
      ['color', 1, '#123456'],
      ['relativeUrl', true, '/x'],
      ['language', 3, 'en'],
      ['timespan', 'soon', 60],
      ['roomPick', 'room', ''],
      ['asset', 'logo.png', { defaultUrl: 'images/logo/logo.svg' }],
    ];
    for (const [type, wrong, right] of table) {
      const setting = pick(type);
      const refused = await t.admin.post(`/api/v1/settings/${setting._id}`, { value: wrong });
      expect({ type, id: setting._id, status: refused.status, errorType: refused.body.errorType }).toEqual({
        type,
        id: setting._id,
        status: 400,
        errorType: 'error-invalid-setting',
      });
      const value = right === undefined ? setting.values![0].key : right;
      ok(await t.admin.post(`/api/v1/settings/${setting._id}`, { value }));
      expect(ok(await t.admin.get(`/api/v1/settings/${setting._id}`)).value).toEqual(value);
    }
    const json = ALL_SETTINGS.find((s) => s.type === 'code' && s.code === 'application/json' && visible(s))!;
    expect((await t.admin.post(`/api/v1/settings/${json._id}`, { value: '{not json' })).body.error).toContain('Invalid JSON provided');
    expect((await t.admin.post('/api/v1/settings/No_Such_Setting', { value: 'x' })).body.errorType).toBe('error-invalid-setting');
    expect((await user.api.post('/api/v1/settings/Site_Name', { value: 'x' })).status).toBe(403);
  });

  it('applies OVERWRITE_SETTING_<id> on every start and <id> as the first value', async () => {
    const list = ok(
      await t.admin.get('/api/v1/settings', {
        query: JSON.stringify({ _id: { $in: ['Site_Name', 'Message_MaxAllowedSize'] } }),
        fields: JSON.stringify({ valueSource: 1, packageValue: 1 }),
      }),
    );
    expect(list.settings).toEqual([
      expect.objectContaining({ _id: 'Message_MaxAllowedSize', value: 4321, packageValue: 5000, valueSource: 'processEnvValue' }),
      expect.objectContaining({ _id: 'Site_Name', value: 'Forced Site', packageValue: 'Rocket.Chat', valueSource: 'processEnvValue' }),
    ]);
  });

  it('creates rocket.cat and gives the first administrator the admin role alone', async () => {
    const cat = ok(await t.admin.get('/api/v1/users.info', { username: 'rocket.cat' })).user;
    expect(cat).toMatchObject({ _id: 'rocket.cat', username: 'rocket.cat', name: 'Rocket.Cat', type: 'bot', roles: ['bot'], active: true });
    expect(ok(await t.admin.get('/api/v1/me')).roles).toEqual(['admin']);
  });

  it("fills /me's settings.preferences with every default preference, the user's own on top", async () => {
    const keys = ALL_SETTINGS.filter((s) => s._id.startsWith('Accounts_Default_User_Preferences_')).map((s) => [
      s._id.slice('Accounts_Default_User_Preferences_'.length),
      s.packageValue,
    ]);
    expect(keys.length).toBeGreaterThan(20);
    const me = ok(await user.api.get('/api/v1/me'));
    expect(me.settings.preferences).toEqual(Object.fromEntries(keys));
  });

  it('keeps the password while Accounts_AllowPasswordChange is off, and refuses status messages while they are off', async () => {
    ok(await t.admin.post('/api/v1/settings/Accounts_AllowPasswordChange', { value: false }));
    const other = await createUser(t.admin, 'nopass');
    ok(
      await other.api.post('/api/v1/users.updateOwnBasicInfo', { data: { newPassword: 'Other-pass-43', currentPassword: sha(PASSWORD) } }),
    );
    await expect(t.api.login(other.username, PASSWORD)).resolves.toBeDefined();
    ok(await t.admin.post('/api/v1/settings/Accounts_AllowPasswordChange', { value: true }));

    const refused = await user.api.post('/api/v1/users.setStatus', { message: 'busy', status: 'busy' });
    expect(refused.body).toMatchObject({
      success: false,
      errorType: 'error-not-allowed',
      error: 'Change status is not allowed [error-not-allowed]',
    });
  });

  it('keeps edit history and deleted messages as Message_KeepHistory and Message_ShowDeletedStatus say', async () => {
    const room = ok(await user.api.post('/api/v1/channels.create', { name: uniqueName('history') })).channel;
    const send = async (msg: string) => ok(await user.api.post('/api/v1/chat.sendMessage', { message: { rid: room._id, msg } })).message;
    const messages = probe.db.collection('rocketchat_message');

    // Off (the defaults): an edit leaves no copy, a deletion removes the message.
    const plain = await send('first');
    ok(await user.api.post('/api/v1/chat.update', { roomId: room._id, msgId: plain._id, text: 'first, edited' }));
    expect(await messages.countDocuments({ parent: plain._id })).toBe(0);
    ok(await user.api.post('/api/v1/chat.delete', { roomId: room._id, msgId: plain._id }));
    expect(await messages.findOne({ _id: plain._id as never })).toBeNull();

    ok(await t.admin.post('/api/v1/settings/Message_KeepHistory', { value: true }));
    const kept = await send('second');
    ok(await user.api.post('/api/v1/chat.update', { roomId: room._id, msgId: kept._id, text: 'second, edited' }));
    expect(await messages.findOne({ parent: kept._id })).toMatchObject({ msg: 'second', _hidden: true, rid: room._id });
    ok(await user.api.post('/api/v1/chat.delete', { roomId: room._id, msgId: kept._id }));
    expect(await messages.findOne({ _id: kept._id as never })).toMatchObject({ _hidden: true, msg: 'second, edited' });
    const history = ok(await user.api.get('/api/v1/channels.history', { roomId: room._id })).messages as Array<{ _id: string }>;
    expect(history.map((m) => m._id)).not.toContain(kept._id);

    ok(await t.admin.post('/api/v1/settings/Message_ShowDeletedStatus', { value: true }));
    const shown = await send('third');
    ok(await user.api.post('/api/v1/chat.delete', { roomId: room._id, msgId: shown._id }));
    expect(ok(await user.api.get('/api/v1/chat.getMessage', { msgId: shown._id })).message).toMatchObject({ t: 'rm', msg: '' });
    expect(await messages.findOne({ parent: shown._id })).toMatchObject({ msg: 'third', _hidden: true });
    ok(await t.admin.post('/api/v1/settings/Message_KeepHistory', { value: false }));
    ok(await t.admin.post('/api/v1/settings/Message_ShowDeletedStatus', { value: false }));
  });

  describe('im.messages.others', () => {
    it('answers only while API_Enable_Direct_Message_History_EndPoint is on, to administrators, for direct messages', async () => {
      const user = await createUser(t.admin, 'dm');
      const dm = ok(await user.api.post('/api/v1/im.create', { username: 'admin' })).room;
      const sent = ok(await user.api.post('/api/v1/chat.sendMessage', { message: { rid: dm._id, msg: 'hello admin' } })).message;
      const off = await t.admin.get('/api/v1/im.messages.others', { roomId: dm._id });
      expect(off.body).toMatchObject({ success: false, errorType: 'error-endpoint-disabled' });
      ok(await t.admin.post('/api/v1/settings/API_Enable_Direct_Message_History_EndPoint', { value: true }));
      const on = ok(await t.admin.get('/api/v1/im.messages.others', { roomId: dm._id }));
      expect(on).toMatchObject({ count: 1, offset: 0, total: 1 });
      expect(on.messages[0]).toMatchObject({ _id: sent._id, msg: 'hello admin' });
      expect((await user.api.get('/api/v1/im.messages.others', { roomId: dm._id })).status).toBe(403);
      expect((await t.admin.get('/api/v1/im.messages.others', {})).body.errorType).toBe('error-roomId-param-not-provided');
      const channel = ok(await user.api.post('/api/v1/channels.create', { name: uniqueName('notdm') })).channel;
      expect((await t.admin.get('/api/v1/im.messages.others', { roomId: channel._id })).body.errorType).toBe('error-room-not-found');
    });
  });
});

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
