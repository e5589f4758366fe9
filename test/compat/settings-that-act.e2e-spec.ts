import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import EJSON from 'ejson';
import type { RestClient } from '../support/rest-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, uniqueName, type CoreUser } from '../core/support/core-fixtures.js';

/** A DDP method over REST `method.call`, as Rocket.Chat's clients send it. */
async function methodCall(api: RestClient, method: string, params: unknown[]): Promise<Record<string, any>> {
  const message = EJSON.stringify({ msg: 'method', id: '1', method, params });
  const { body } = await api.post(`/api/v1/method.call/${encodeURIComponent(method)}`, { message });
  return EJSON.parse(body.message as string) as Record<string, any>;
}

const CUSTOM_FIELDS = JSON.stringify({
  role: { type: 'select', options: ['teacher', 'student'], required: true },
  twitter: { type: 'text', minLength: 2, maxLength: 10 },
});

/** Settings of issue 15 that change what the server does, each switched on and off through `settings/:_id`. */
describe('settings that act', () => {
  const t = useStack({});
  let alice: CoreUser;
  const changed: Array<[string, unknown]> = [];
  const set = async (id: string, value: unknown) => {
    const before = ok(await t.admin.get(`/api/v1/settings/${id}`)).value;
    ok(await t.admin.post(`/api/v1/settings/${id}`, { value }));
    changed.push([id, before]);
  };

  beforeAll(async () => {
    alice = await createUser(t.admin, 'alice');
  });
  afterEach(async () => {
    for (const [id, value] of changed.reverse()) ok(await t.admin.post(`/api/v1/settings/${id}`, { value }));
    changed.length = 0;
  });

  it('Accounts_CustomFields: registration, creation and updates keep the configured fields, checked; bad input changes nothing', async () => {
    await set('Accounts_CustomFields', CUSTOM_FIELDS);
    const username = uniqueName('reg');
    const register = (customFields: Record<string, unknown>) =>
      t.api.post('/api/v1/users.register', { username, email: `${username}@e2e.test`, pass: PASSWORD, name: username, customFields });
    // users.register answers the serialized Meteor error (Rocket.Chat's `API.v1.failure(e)`).
    expect((await register({ twitter: '@rc' })).body).toMatchObject({
      success: false,
      errorType: 'Meteor.Error',
      error: 'error-user-registration-custom-field',
      reason: 'Field role is required',
    });
    expect((await register({ role: 'janitor' })).body.reason).toContain('Value for field role is invalid');
    expect((await register({ role: 'teacher', twitter: '0123456789-0' })).body.reason).toContain('Max length of field twitter 10');
    // Nothing was created by the refusals.
    expect(ok(await alice.api.get('/api/v1/users.checkUsernameAvailability', { username })).result).toBe(true);
    const { user } = ok(await register({ role: 'teacher', twitter: '@rc', other: 'dropped' }));
    const info = ok(await t.admin.get('/api/v1/users.info', { userId: user._id })).user;
    expect(info.customFields).toEqual({ role: 'teacher', twitter: '@rc' });

    const created = await t.admin.post('/api/v1/users.create', {
      username: uniqueName('made'),
      email: `${uniqueName('made')}@e2e.test`,
      name: 'Made',
      password: PASSWORD,
      customFields: { role: 'student', twitter: '0' },
    });
    expect(created.body).toMatchObject({ errorType: 'error-user-registration-custom-field', error: expect.stringContaining('Min length') });

    // Every configured field is checked on each save, as Rocket.Chat does (a minLength asks for the field).
    expect((await t.admin.post('/api/v1/users.update', { userId: alice.id, data: { customFields: { role: 'student' } } })).status).toBe(
      400,
    );
    ok(await t.admin.post('/api/v1/users.update', { userId: alice.id, data: { customFields: { role: 'student', twitter: '@a' } } }));
    ok(await alice.api.post('/api/v1/users.updateOwnBasicInfo', { data: {}, customFields: { role: 'teacher', twitter: '@al' } }));
    expect(ok(await t.admin.get('/api/v1/users.info', { userId: alice.id })).user.customFields).toEqual({
      role: 'teacher',
      twitter: '@al',
    });
    expect((await alice.api.post('/api/v1/users.updateOwnBasicInfo', { data: {}, customFields: { role: 'x' } })).status).toBe(400);
  });

  it('Accounts_SearchFields: spotlight looks a term up in the listed fields only', async () => {
    const tag = uniqueName('q').replace('-', '');
    ok(await t.admin.post('/api/v1/users.update', { userId: alice.id, data: { nickname: `${tag}nick` } }));
    const found = async () => ok(await t.admin.get('/api/v1/spotlight', { query: `${tag}nick` })).users.map((u: { _id: string }) => u._id);
    // Rocket.Chat's default lists the nickname.
    expect(await found()).toEqual([alice.id]);
    await set('Accounts_SearchFields', 'username, name');
    expect(await found()).toEqual([]);
  });

  it('UI_Allow_room_names_with_special_chars: the name typed is the display name, its slug the name (UTF8_Channel_Names_Validation otherwise)', async () => {
    const display = `Équipe ${uniqueName('x')}!`;
    expect((await alice.api.post('/api/v1/channels.create', { name: display })).body.errorType).toBe('error-invalid-room-name');
    await set('UI_Allow_room_names_with_special_chars', true);
    const first = ok(await alice.api.post('/api/v1/channels.create', { name: display })).channel;
    expect(first.fname).toBe(display);
    expect(first.name).toMatch(/^equipe-x-[0-9a-f]{6}$/);
    const second = ok(await alice.api.post('/api/v1/channels.create', { name: `${display}?` })).channel;
    expect(second.name).toBe(`${first.name}-1`);
    expect((await alice.api.post('/api/v1/channels.create', { name: display })).body.errorType).toBe('error-duplicate-channel-name');
  });

  it('Message_CustomFields_Enabled and Message_CustomFields: refused while off, checked against the schema while on', async () => {
    const send = (customFields: Record<string, unknown>) =>
      alice.api.post('/api/v1/chat.sendMessage', { message: { rid: 'GENERAL', msg: 'with fields', customFields } });
    expect((await send({ priority: 'high' })).body).toMatchObject({ success: false, error: 'Custom fields not enabled [invalid-params]' });
    await set('Message_CustomFields_Enabled', true);
    const { message } = ok(await send({ priority: 'high' }));
    expect(message.customFields).toEqual({ priority: 'high' });
    expect((await send({ priority: 'urgent' })).body.error).toBe('Invalid custom fields [invalid-params]');
    expect((await send({ priority: 'low', extra: 1 })).body.error).toBe('Invalid custom fields [invalid-params]');
    const edit = (customFields: Record<string, unknown>) =>
      alice.api.post('/api/v1/chat.update', { roomId: 'GENERAL', msgId: message._id, text: 'edited', customFields });
    expect(ok(await edit({ priority: 'low' })).message.customFields).toEqual({ priority: 'low' });
    expect((await edit({ priority: 'none' })).status).toBe(400);
  });

  it('API_Enable_Shields and API_Shield_Types: shield.svg as an image, or Rocket.Chat’s errors', async () => {
    const shield = (query: string) => t.api.send('GET', `/api/v1/shield.svg?${query}`);
    const badge = await shield('name=chat&channel=general');
    expect(badge.status).toBe(200);
    expect(badge.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(String(badge.body)).toContain('JOIN CHAT');
    expect(String((await shield('name=chat&channel=general&type=channel')).body)).toContain('#general');
    expect(String((await shield(`name=me&channel=x&type=user&username=${alice.username}`)).body)).toContain(`@${alice.username}`);
    expect((await shield('channel=general')).body).toMatchObject({ errorType: 'invalid-params' });
    expect((await shield('name=a&channel=b&other=1')).body).toMatchObject({
      error: 'must NOT have additional properties [invalid-params]',
    });
    await set('API_Shield_Types', 'channel');
    expect((await shield('name=chat&channel=general&type=online')).body).toMatchObject({ errorType: 'error-shield-disabled' });
    await set('API_Enable_Shields', false);
    expect((await shield('name=chat&channel=general')).body).toMatchObject({ errorType: 'error-endpoint-disabled' });
  });

  it('API_Upper_Count_Limit, API_Default_Count, API_Allow_Infinite_Count: list pages of core (channels.list) and accounts (users.list)', async () => {
    // At least three users and channels besides the defaults, so that every page size below shows.
    for (let i = 0; i < 3; i++) {
      await createUser(t.admin, 'page');
      ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('page') }));
    }
    const sizes = async (query: string) => {
      const users = ok(await t.admin.get(`/api/v1/users.list${query}`));
      const channels = ok(await t.admin.get(`/api/v1/channels.list${query}`));
      return { users: users.users.length, channels: channels.channels.length, everything: [users.total, channels.total] };
    };
    // Each app reads the setting from its own cache, told of the change by an event: wait until both follow.
    const follows = async (query: string, users: number, channels: number) =>
      waitFor(
        async () => {
          const page = await sizes(query);
          return page.users === users && page.channels === channels;
        },
        { timeoutMs: 10_000, describe: () => `${query}: ${users} users, ${channels} channels` },
      );

    const { everything } = await sizes('?count=0');
    // count=0 serves everything (API_Allow_Infinite_Count is on by default), above the upper limit too.
    await follows('?count=0', everything[0], everything[1]);
    await follows('?count=3', 3, 3);

    await set('API_Upper_Count_Limit', 2);
    await follows('?count=3', 2, 2);
    await follows('?count=0', everything[0], everything[1]);

    await set('API_Default_Count', 1);
    await follows('', 1, 1);
    await follows('?count=2', 2, 2);

    await set('API_Allow_Infinite_Count', false);
    await follows('?count=0', 1, 1);

    // Refused input stays refused: a negative count is a schema failure, nothing served.
    expect((await t.admin.get('/api/v1/users.list?count=-1')).status).toBe(400);
  });

  it('users.getPreferences: one’s own stored preferences and language', async () => {
    ok(await alice.api.post('/api/v1/users.setPreferences', { data: { sidebarViewMode: 'condensed' } }));
    ok(await t.admin.post('/api/v1/users.update', { userId: alice.id, data: { language: 'de' } }));
    const { preferences } = ok(await alice.api.get('/api/v1/users.getPreferences'));
    expect(preferences).toMatchObject({ sidebarViewMode: 'condensed', language: 'de' });
  });

  it('DDP insertOrUpdateUser: creates (answers the id) and updates (answers true) with users.create/update checks', async () => {
    const username = uniqueName('ddp');
    const created = await methodCall(t.admin, 'insertOrUpdateUser', [
      { username, email: `${username}@e2e.test`, name: 'Ddp', password: PASSWORD, verified: true },
    ]);
    expect(typeof created.result).toBe('string');
    expect(await methodCall(t.admin, 'insertOrUpdateUser', [{ _id: created.result, name: 'Renamed' }])).toMatchObject({ result: true });
    expect(ok(await t.admin.get('/api/v1/users.info', { userId: created.result })).user).toMatchObject({ username, name: 'Renamed' });
    const refused = await methodCall(alice.api, 'insertOrUpdateUser', [
      { username: uniqueName('no'), email: `${uniqueName('no')}@e2e.test`, name: 'No', password: PASSWORD },
    ]);
    expect(refused.error).toMatchObject({ error: 'error-action-not-allowed' });
    const invalid = await methodCall(t.admin, 'insertOrUpdateUser', [{ username: 'x' }]);
    expect(invalid.error).toMatchObject({ error: 'invalid-params' });
  });
});
