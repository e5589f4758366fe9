import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import EJSON from 'ejson';
import { randomBytes } from 'node:crypto';
import { createUser, ok, StackProbe, type CoreUser } from '../core/support/core-fixtures.js';
import { useStack } from '../support/stack.js';

type Doc = Record<string, any>;
type Api = CoreUser['api'];
const token = () => randomBytes(12).toString('hex');

/**
 * The livechat custom fields' administration as Rocket.Chat 7 serves it: DDP `livechat:saveCustomField` /
 * `livechat:removeCustomField` (called as Rocket.Chat's client does, through REST `method.call`),
 * `livechat/custom-fields.remove`, `livechat/custom-fields(/:_id)`; the widget's `livechat/custom.field(s)` take
 * values of the saved fields only, room fields on the room, visitor fields on the visitor and their contact.
 */
describe('livechat custom fields', () => {
  // Rocket.Chat's per-method DDP allowance (10 calls in 10 s per connection) is not under test here: off.
  const t = useStack({
    instances: { omnichannel: 1 },
    appEnv: { gateway: { DDP_RATE_LIMIT_CONNECTION_BY_METHOD: '0/10000', DDP_RATE_LIMIT_USER_BY_METHOD: '0/10000' } },
  });
  let probe: StackProbe;
  let manager: CoreUser;
  let agent: CoreUser;
  let outsider: CoreUser;

  const fields = () => probe.db.collection('rocketchat_livechat_custom_field');
  /** A DDP method through REST `method.call`: its result, or its Meteor error. */
  const call = async (api: Api, method: string, ...params: unknown[]) => {
    const { body } = await api.post(`/api/v1/method.call/${method}`, {
      message: EJSON.stringify({ msg: 'method', id: '1', method, params }),
    });
    const reply = EJSON.parse(body.message as string) as { result?: Doc; error?: Doc };
    return reply.error ? { error: reply.error } : { result: reply.result };
  };
  const save = (api: Api, id: string | null, data: Doc) => call(api, 'livechat:saveCustomField', id, data);
  /** The method's result; fails on its error. */
  const done = async (reply: Promise<{ error?: Doc; result?: Doc }>) => {
    const { error, result } = await reply;
    expect(error).toBeUndefined();
    return result as Doc;
  };
  const field = (data: Doc) => ({ visibility: 'visible', scope: 'visitor', regexp: '', searchable: false, ...data });
  const failure = (response: { status: number; body: Doc }) => ({
    status: response.status,
    error: response.body.error,
    ...(response.body.errorType && { errorType: response.body.errorType }),
  });

  beforeAll(async () => {
    probe = await StackProbe.open(t.stack);
    [manager, agent, outsider] = await Promise.all(['cf-manager', 'cf-agent', 'cf-user'].map((p) => createUser(t.admin, p)));
    ok(await t.admin.post('/api/v1/livechat/users/manager', { username: manager.username }));
    ok(await t.admin.post('/api/v1/livechat/users/agent', { username: agent.username }));
  }, 60_000);

  afterAll(async () => {
    await probe?.close();
  });

  it('managers save, change and remove fields; agents list and read them', async () => {
    const company = await save(
      manager.api,
      null,
      field({ field: 'company', label: 'Company', regexp: '^[A-Za-z ]+$', searchable: true, type: 'input', required: false }),
    );
    expect(company.result).toMatchObject({ _id: 'company', label: 'Company', scope: 'visitor', visibility: 'visible', searchable: true });
    expect(await fields().findOne({ _id: 'company' as never })).toMatchObject({
      label: 'Company',
      scope: 'visitor',
      visibility: 'visible',
      regexp: '^[A-Za-z ]+$',
      searchable: true,
      type: 'input',
      required: false,
    });
    await done(save(manager.api, null, field({ field: 'orderId', label: 'Order number', scope: 'room', regexp: '^[0-9]+$' })));
    await done(save(manager.api, null, field({ field: 'vip', label: 'VIP', visibility: 'hidden' })));

    // Listed by label, filtered by label or id, paged.
    const list = async (query: Doc = {}) => ok(await agent.api.get('/api/v1/livechat/custom-fields', query));
    const all = await list();
    expect(all).toMatchObject({ count: 3, offset: 0, total: 3 });
    expect(all.customFields.map((f: Doc) => f._id)).toEqual(['company', 'orderId', 'vip']);
    expect((await list({ text: 'ORDER' })).customFields.map((f: Doc) => f._id)).toEqual(['orderId']);
    expect((await list({ text: 'vi' })).customFields.map((f: Doc) => f._id)).toEqual(['vip']);
    const second = await list({ offset: '1', count: '1', sort: '{"label":-1}' });
    expect(second).toMatchObject({ count: 1, offset: 1, total: 3 });
    expect(second.customFields.map((f: Doc) => f._id)).toEqual(['orderId']);
    expect(ok(await agent.api.get('/api/v1/livechat/custom-fields/orderId')).customField).toMatchObject({
      _id: 'orderId',
      scope: 'room',
      regexp: '^[0-9]+$',
    });
    expect(ok(await agent.api.get('/api/v1/livechat/custom-fields/nope')).customField).toBeNull();

    // Changed in place (its id stays); then removed, over DDP and over REST.
    const renamed = await save(manager.api, 'company', field({ field: 'company', label: 'Company name', regexp: '^[A-Za-z ]+$' }));
    expect(renamed.result).toMatchObject({ _id: 'company', label: 'Company name' });
    expect(await fields().findOne({ _id: 'company' as never })).toMatchObject({ label: 'Company name', searchable: false });
    expect((await call(manager.api, 'livechat:removeCustomField', 'vip')).result).toEqual({ acknowledged: true, deletedCount: 1 });
    expect(await fields().countDocuments({ _id: 'vip' as never })).toBe(0);
    await done(save(manager.api, null, field({ field: 'vip', label: 'VIP' })));
    expect(ok(await manager.api.post('/api/v1/livechat/custom-fields.remove', { _id: 'vip' }))).toMatchObject({
      acknowledged: true,
      deletedCount: 1,
    });
    // Rocket.Chat's REST route answers an unknown id with nothing removed.
    expect(ok(await manager.api.post('/api/v1/livechat/custom-fields.remove', { _id: 'vip' }))).toMatchObject({ deletedCount: 0 });
  });

  it("the widget's custom.field(s) write the saved fields only: room fields on the room, visitor fields on the visitor and contact", async () => {
    const vt = token();
    ok(
      await t.api.post('/api/v1/livechat/visitor', {
        visitor: { token: vt, name: 'Cora Guest', customFields: [{ key: 'shoe', value: '42', overwrite: true }] },
      }),
    );
    const room = ok(await t.api.get('/api/v1/livechat/room', { token: vt })).room as Doc;
    const visitor = () => probe.db.collection('rocketchat_livechat_visitor').findOne({ token: vt }) as Promise<Doc>;
    const contact = async () => (await probe.db.collection('rocketchat_livechat_contact').findOne({ _id: room.contactId })) as Doc;
    const roomDoc = () => probe.db.collection('rocketchat_room').findOne({ _id: room._id }) as Promise<Doc>;
    // Registration ignored the field nobody defined.
    expect((await visitor()).livechatData?.shoe).toBeUndefined();

    expect(
      ok(await t.api.post('/api/v1/livechat/custom.field', { token: vt, key: 'company', value: 'Acme', overwrite: true })).field,
    ).toEqual({
      key: 'company',
      value: 'Acme',
      overwrite: true,
    });
    expect((await visitor()).livechatData).toEqual({ company: 'Acme' });
    expect((await contact()).customFields).toMatchObject({ company: 'Acme' });

    const both = ok(
      await t.api.post('/api/v1/livechat/custom.fields', {
        token: vt,
        customFields: [
          { key: 'company', value: 'Other Inc', overwrite: false },
          { key: 'orderId', value: '1234', overwrite: true },
        ],
      }),
    );
    expect(both.fields).toEqual([
      { Key: 'orderId', value: '1234', overwrite: true },
      { Key: 'company', value: 'Other Inc', overwrite: false },
    ]);
    expect((await roomDoc()).livechatData).toEqual({ orderId: '1234' });
    // Not overwritten: the visitor keeps their value, the contact records the other as a conflict.
    expect((await visitor()).livechatData).toEqual({ company: 'Acme' });
    expect(await contact()).toMatchObject({
      customFields: { company: 'Acme' },
      conflictingFields: [{ field: 'customFields.company', value: 'Other Inc' }],
    });

    // A key naming no field, a value not matching its pattern: refused, nothing written.
    const before = { visitor: await visitor(), room: await roomDoc() };
    const refused = [
      await t.api.post('/api/v1/livechat/custom.field', { token: vt, key: 'shoe', value: '42', overwrite: true }),
      await t.api.post('/api/v1/livechat/custom.field', { token: vt, key: 'orderId', value: 'A-1', overwrite: true }),
      await t.api.post('/api/v1/livechat/custom.fields', {
        token: vt,
        customFields: [
          { key: 'orderId', value: '999', overwrite: true },
          { key: 'company', value: 'Acme 2', overwrite: true },
        ],
      }),
    ].map(failure);
    expect(refused).toEqual([
      { status: 400, error: 'invalid-custom-field' },
      { status: 400, error: 'Invalid value for orderId field' },
      { status: 400, error: 'Invalid value for company field' },
    ]);
    expect({ visitor: await visitor(), room: await roomDoc() }).toEqual(before);
  });

  it('refuses bad input and missing permissions with Rocket.Chat’s errors, changing nothing', async () => {
    await done(save(manager.api, null, field({ field: 'stable', label: 'Stable' })));
    const before = await fields().find({}).sort({ _id: 1 }).toArray();
    const meteorError = async (reply: Promise<{ error?: Doc; result?: Doc }>) => (await reply).error?.error;
    const ddpCases: Array<[string, () => Promise<{ error?: Doc; result?: Doc }>, unknown]> = [
      ['save by an agent', () => save(agent.api, null, field({ field: 'x', label: 'x' })), 'error-not-allowed'],
      ['save by a user', () => save(outsider.api, null, field({ field: 'x', label: 'x' })), 'error-not-allowed'],
      [
        'save a name with a space',
        () => save(manager.api, null, field({ field: 'bad name', label: 'x' })),
        'error-invalid-custom-field-name',
      ],
      [
        'save a name taken',
        () => save(manager.api, null, field({ field: 'stable', label: 'Again' })),
        'error-custom-field-name-already-exists',
      ],
      ['save an unknown _id', () => save(manager.api, 'nope', field({ field: 'nope', label: 'x' })), 'error-invalid-custom-field'],
      [
        'save without regexp',
        () => save(manager.api, null, { field: 'x', label: 'x', scope: 'visitor', visibility: 'visible', searchable: false }),
        'invalid-params',
      ],
      ['save an unknown scope', () => save(manager.api, null, field({ field: 'x', label: 'x', scope: 'everywhere' })), 'invalid-params'],
      [
        'save searchable not a boolean',
        () => save(manager.api, null, field({ field: 'x', label: 'x', searchable: 'yes' })),
        'invalid-params',
      ],
      ['remove by an agent', () => call(agent.api, 'livechat:removeCustomField', 'stable'), 'error-not-allowed'],
      ['remove an unknown one', () => call(manager.api, 'livechat:removeCustomField', 'nope'), 'error-invalid-custom-field'],
      ['remove without an id', () => call(manager.api, 'livechat:removeCustomField'), 'invalid-params'],
    ];
    for (const [name, reply, expected] of ddpCases) {
      expect({ name, error: await meteorError(reply()) }).toEqual({ name, error: expected });
    }
    const restCases: Array<[string, () => Promise<{ status: number; body: Doc }>, { status: number; errorType?: unknown }]> = [
      ['list by a user', () => outsider.api.get('/api/v1/livechat/custom-fields'), { status: 403 }],
      ['read by a user', () => outsider.api.get('/api/v1/livechat/custom-fields/stable'), { status: 403 }],
      [
        'list with an unknown parameter',
        () => agent.api.get('/api/v1/livechat/custom-fields', { scope: 'room' }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'list sorted on an operator',
        () => agent.api.get('/api/v1/livechat/custom-fields', { sort: '{"$where":1}' }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'list with query not JSON',
        () => agent.api.get('/api/v1/livechat/custom-fields', { query: '{' }),
        { status: 400, errorType: 'error-invalid-query' },
      ],
      ['REST remove by an agent', () => agent.api.post('/api/v1/livechat/custom-fields.remove', { _id: 'stable' }), { status: 403 }],
      [
        'REST remove without _id',
        () => manager.api.post('/api/v1/livechat/custom-fields.remove', {}),
        { status: 400, errorType: 'invalid-params' },
      ],
    ];
    for (const [name, request, expected] of restCases) {
      const response = await request();
      expect({ name, status: response.status, ...(expected.errorType ? { errorType: response.body.errorType } : {}) }).toEqual({
        name,
        ...expected,
      });
    }
    expect(await fields().find({}).sort({ _id: 1 }).toArray()).toEqual(before);
  });
});
