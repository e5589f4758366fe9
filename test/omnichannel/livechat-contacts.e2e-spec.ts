import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import EJSON from 'ejson';
import { randomBytes } from 'node:crypto';
import { createUser, ok, StackProbe, uniqueName, type CoreUser } from '../core/support/core-fixtures.js';
import { useStack } from '../support/stack.js';

type Doc = Record<string, any>;
const token = () => randomBytes(12).toString('hex');

/**
 * Rocket.Chat 7's contacts on a real stack: a visitor's first chat creates (or links to) a contact in
 * `rocketchat_livechat_contact`, registration data reaches it (replacing an unknown contact's name, a conflict on a
 * known one's), agents create, update, read, search contacts and read their closed chats; the older visitor-based
 * `omnichannel/contact` and `contact.search`; each route's permission and bad input.
 */
describe('omnichannel contacts', () => {
  const t = useStack({ instances: { omnichannel: 1 } });
  let probe: StackProbe;
  let agent: CoreUser;
  let outsider: CoreUser;

  const contacts = () => probe.db.collection('rocketchat_livechat_contact');
  const contactOf = async (rid: string) => {
    const room = (await probe.db.collection('rocketchat_room').findOne({ _id: rid as never })) as Doc;
    return { room, contact: (await contacts().findOne({ _id: room.contactId })) as Doc };
  };
  const register = async (vt: string, visitor: Doc) =>
    ok(await t.api.post('/api/v1/livechat/visitor', { visitor: { token: vt, ...visitor } })).visitor as Doc;
  const openRoom = async (vt: string) =>
    ok(await t.api.get('/api/v1/livechat/room', { token: vt, rid: `r${token().slice(0, 16)}` })).room as Doc;
  const failure = (response: { status: number; body: Doc }) => ({
    status: response.status,
    errorType: response.body.errorType ?? response.body.error,
  });

  beforeAll(async () => {
    probe = await StackProbe.open(t.stack);
    agent = await createUser(t.admin, 'ct-agent');
    ok(await t.admin.post('/api/v1/livechat/users/agent', { username: agent.username }));
    outsider = await createUser(t.admin, 'ct-user');
    // Visitor custom fields, saved as Rocket.Chat's administration does (`livechat:saveCustomField` over `method.call`).
    for (const field of [
      { field: 'company', label: 'Company', scope: 'visitor', visibility: 'visible', searchable: true, regexp: '^[A-Za-z ]+$' },
      { field: 'internal', label: 'Internal', scope: 'visitor', visibility: 'hidden', searchable: false, regexp: '' },
    ]) {
      const method = 'livechat:saveCustomField';
      const { body } = await t.admin.post(`/api/v1/method.call/${method}`, {
        message: EJSON.stringify({ msg: 'method', id: '1', method, params: [null, field] }),
      });
      expect(EJSON.parse(body.message as string)).toMatchObject({ result: { _id: field.field } });
    }
  }, 60_000);

  afterAll(async () => {
    await probe?.close();
  });

  it("a visitor's first chat creates their contact, later chats reuse it; registration data reaches it", async () => {
    const vt = token();
    const visitor = await register(vt, { name: 'Ada Guest', email: 'Ada@Example.test', phone: '+55 11 5555' });
    expect(await contacts().countDocuments({ 'channels.visitor.visitorId': visitor._id })).toBe(0);

    const first = await openRoom(vt);
    const { room, contact } = await contactOf(first._id);
    expect(room.contactId).toBe(contact._id);
    expect(contact).toMatchObject({
      name: 'Ada Guest',
      emails: [{ address: 'ada@example.test' }],
      phones: [{ phoneNumber: '+55 11 5555' }],
      unknown: true,
      channels: [
        {
          name: 'widget',
          visitor: { visitorId: visitor._id, source: { type: 'widget' } },
          blocked: false,
          verified: false,
          details: { type: 'widget' },
          lastChat: { _id: first._id },
        },
      ],
      lastChat: { _id: first._id },
      createdAt: expect.any(Date),
    });

    // The visitor renames themselves: an unknown contact takes the name, and so do its rooms.
    await register(vt, { name: 'Ada Lovelace', email: 'ada.l@example.test' });
    const renamed = (await contactOf(first._id)).contact;
    expect(renamed.name).toBe('Ada Lovelace');
    expect(renamed.emails).toEqual([{ address: 'ada@example.test' }, { address: 'ada.l@example.test' }]);
    expect((await contactOf(first._id)).room.fname).toBe('Ada Lovelace');

    // Closed, then a second chat: the same contact, its last chat moved on.
    ok(await t.api.post('/api/v1/livechat/room.close', { token: vt, rid: first._id }));
    const second = await openRoom(vt);
    const again = await contactOf(second._id);
    expect(again.contact._id).toBe(contact._id);
    expect(again.contact.lastChat._id).toBe(second._id);
    expect(again.contact.channels).toHaveLength(1);
    expect(await contacts().countDocuments({ 'channels.visitor.visitorId': visitor._id })).toBe(1);

    // Agents read it (404 for an unknown id) and its closed chats only.
    expect(ok(await agent.api.get('/api/v1/omnichannel/contacts.get', { contactId: contact._id })).contact).toMatchObject({
      _id: contact._id,
      name: 'Ada Lovelace',
    });
    expect(await agent.api.get('/api/v1/omnichannel/contacts.get', { contactId: 'nope' })).toMatchObject({
      status: 404,
      body: { success: false, error: 'Resource not found' },
    });
    const history = ok(await agent.api.get('/api/v1/omnichannel/contacts.history', { contactId: contact._id }));
    expect(history).toMatchObject({ count: 1, offset: 0, total: 1 });
    expect(history.history[0]).toMatchObject({ _id: first._id, closedAt: expect.any(String), source: { type: 'widget' } });
    expect(ok(await agent.api.get('/api/v1/omnichannel/contacts.history', { contactId: contact._id, source: 'sms' })).total).toBe(0);
  });

  it('an agent-created contact is linked to the visitor with its e-mail; a known contact keeps its name and records the conflict', async () => {
    const email = `${uniqueName('grace')}@example.test`;
    const { contactId } = ok(
      await agent.api.post('/api/v1/omnichannel/contacts', {
        name: 'Grace Hopper',
        emails: [email],
        phones: ['+1 202 555 0100'],
        customFields: { company: ' Navy ' },
        contactManager: agent.id,
      }),
    );
    expect(await contacts().findOne({ _id: contactId })).toMatchObject({
      name: 'Grace Hopper',
      emails: [{ address: email }],
      phones: [{ phoneNumber: '+1 202 555 0100' }],
      customFields: { company: 'Navy' },
      contactManager: agent.id,
      unknown: false,
      channels: [],
    });

    const vt = token();
    const visitor = await register(vt, { name: 'G.', email });
    const rid = (await openRoom(vt))._id;
    const linked = await contactOf(rid);
    expect(linked.contact._id).toBe(contactId);
    expect(linked.contact.channels).toEqual([expect.objectContaining({ visitor: { visitorId: visitor._id, source: { type: 'widget' } } })]);
    expect(linked.contact.name).toBe('Grace Hopper');

    await register(vt, { name: 'Amazing Grace' });
    const conflicted = (await contacts().findOne({ _id: contactId })) as Doc;
    expect(conflicted.name).toBe('Grace Hopper');
    expect(conflicted.conflictingFields).toEqual([{ field: 'name', value: 'Amazing Grace' }]);

    // The manager settles it: the new name, conflicts wiped, the room and the agent's view renamed.
    const { contact } = ok(
      await agent.api.post('/api/v1/omnichannel/contacts.update', { contactId, name: 'Grace B. Hopper', wipeConflicts: true }),
    );
    expect(contact).toMatchObject({ _id: contactId, name: 'Grace B. Hopper', conflictingFields: [], unknown: false });
    expect((await contactOf(rid)).room.fname).toBe('Grace B. Hopper');
    expect(((await probe.db.collection('rocketchat_livechat_inquiry').findOne({ rid })) as Doc).name).toBe('Grace B. Hopper');

    // Search: by e-mail substring, the manager as who they are; unknown ones apart.
    const found = ok(await agent.api.get('/api/v1/omnichannel/contacts.search', { searchText: email.toUpperCase() }));
    expect(found.contacts).toEqual([
      expect.objectContaining({ _id: contactId, contactManager: { _id: agent.id, username: agent.username, name: expect.any(String) } }),
    ]);
    expect(found).toMatchObject({ offset: 0, total: 1 });
    const unknownOnes = ok(await agent.api.get('/api/v1/omnichannel/contacts.search', { unknown: 'true', count: '100' })).contacts as Doc[];
    expect(unknownOnes.length).toBeGreaterThan(0);
    expect(unknownOnes.every((c) => c.unknown === true)).toBe(true);
    const byPhone = ok(
      await agent.api.get('/api/v1/omnichannel/contacts.search', { searchText: '202 555 0100', sort: '{"createdAt":-1}' }),
    );
    expect(byPhone.contacts.map((c: Doc) => c._id)).toEqual([contactId]);
  });

  it('refuses bad input and missing permissions with Rocket.Chat’s errors, changing nothing', async () => {
    const { contactId } = ok(await agent.api.post('/api/v1/omnichannel/contacts', { name: 'Stable', emails: [], phones: [] }));
    const before = await contacts().find({}).sort({ _id: 1 }).toArray();
    const cases: Array<[string, () => Promise<{ status: number; body: Doc }>, { status: number; errorType: string }]> = [
      [
        'create without name',
        () => agent.api.post('/api/v1/omnichannel/contacts', { emails: [], phones: [] }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'create with emails not a list',
        () => agent.api.post('/api/v1/omnichannel/contacts', { name: 'x', emails: 'a@b.c', phones: [] }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'create with duplicate phones',
        () => agent.api.post('/api/v1/omnichannel/contacts', { name: 'x', emails: [], phones: ['1', '1'] }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'create with an unknown property',
        () => agent.api.post('/api/v1/omnichannel/contacts', { name: 'x', emails: [], phones: [], $set: { unknown: true } }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'create with an operator for a name',
        () => agent.api.post('/api/v1/omnichannel/contacts', { name: { $ne: null }, emails: [], phones: [] }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'create managed by a non-agent',
        () => agent.api.post('/api/v1/omnichannel/contacts', { name: 'x', emails: [], phones: [], contactManager: outsider.id }),
        { status: 400, errorType: 'error-contact-manager-not-found' },
      ],
      [
        'create with an undefined custom field',
        () => agent.api.post('/api/v1/omnichannel/contacts', { name: 'x', emails: [], phones: [], customFields: { shoeSize: '42' } }),
        { status: 400, errorType: 'error-custom-field-not-allowed' },
      ],
      [
        'create with a custom field not matching its pattern',
        () => agent.api.post('/api/v1/omnichannel/contacts', { name: 'x', emails: [], phones: [], customFields: { company: '4cme' } }),
        { status: 400, errorType: 'error-invalid-custom-field-value' },
      ],
      [
        'create without the permission',
        () => outsider.api.post('/api/v1/omnichannel/contacts', { name: 'x', emails: [], phones: [] }),
        { status: 403, errorType: expect.stringContaining('error-unauthorized') as never },
      ],
      [
        'update an unknown contact',
        () => agent.api.post('/api/v1/omnichannel/contacts.update', { contactId: 'nope', name: 'x' }),
        { status: 400, errorType: 'error-contact-not-found' },
      ],
      [
        'update without contactId',
        () => agent.api.post('/api/v1/omnichannel/contacts.update', { name: 'x' }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'update wipeConflicts not a boolean',
        () => agent.api.post('/api/v1/omnichannel/contacts.update', { contactId, wipeConflicts: 'yes' }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'update without the permission',
        () => outsider.api.post('/api/v1/omnichannel/contacts.update', { contactId, name: 'x' }),
        { status: 403, errorType: expect.stringContaining('error-unauthorized') as never },
      ],
      ['get without contactId', () => agent.api.get('/api/v1/omnichannel/contacts.get'), { status: 400, errorType: 'invalid-params' }],
      [
        'get without the permission',
        () => outsider.api.get('/api/v1/omnichannel/contacts.get', { contactId }),
        { status: 403, errorType: expect.stringContaining('error-unauthorized') as never },
      ],
      [
        'search with a sort on an operator',
        () => agent.api.get('/api/v1/omnichannel/contacts.search', { sort: '{"$where":1}' }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'search with unparseable sort',
        () => agent.api.get('/api/v1/omnichannel/contacts.search', { sort: '{' }),
        { status: 400, errorType: 'error-invalid-sort' },
      ],
      [
        'search without the permission',
        () => outsider.api.get('/api/v1/omnichannel/contacts.search'),
        { status: 403, errorType: expect.stringContaining('error-unauthorized') as never },
      ],
      [
        'history of an unknown contact',
        () => agent.api.get('/api/v1/omnichannel/contacts.history', { contactId: 'nope' }),
        { status: 400, errorType: 'error-contact-not-found' },
      ],
      [
        'history without the permission',
        () => outsider.api.get('/api/v1/omnichannel/contacts.history', { contactId }),
        { status: 403, errorType: expect.stringContaining('error-unauthorized') as never },
      ],
      [
        'contact.search without criteria',
        () => agent.api.get('/api/v1/omnichannel/contact.search'),
        { status: 400, errorType: 'error-invalid-params' },
      ],
      [
        'contact.search with custom not JSON',
        () => agent.api.get('/api/v1/omnichannel/contact.search', { custom: '{company' }),
        { status: 400, errorType: 'error-invalid-params-custom' },
      ],
      [
        'contact without a token',
        () => agent.api.post('/api/v1/omnichannel/contact', { name: 'x' }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'contact managed by a non-agent',
        () => agent.api.post('/api/v1/omnichannel/contact', { token: token(), name: 'x', contactManager: { username: outsider.username } }),
        { status: 400, errorType: 'error-invalid-contact-manager' },
      ],
      [
        'contact managed by nobody',
        () => agent.api.post('/api/v1/omnichannel/contact', { token: token(), name: 'x', contactManager: { username: 'no-such-user-x' } }),
        { status: 400, errorType: 'error-contact-manager-not-found' },
      ],
      [
        'conflicts without contactId',
        () => agent.api.post('/api/v1/omnichannel/contacts.conflicts', { name: 'x' }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'conflicts of an unknown contact',
        () => agent.api.post('/api/v1/omnichannel/contacts.conflicts', { contactId: 'nope', name: 'x' }),
        { status: 400, errorType: 'error-contact-not-found' },
      ],
      [
        'conflicts with an undefined custom field',
        () => agent.api.post('/api/v1/omnichannel/contacts.conflicts', { contactId, customFields: { shoeSize: '42' } }),
        { status: 400, errorType: 'error-custom-field-not-allowed' },
      ],
      [
        'conflicts with a custom field value that is no text',
        () => agent.api.post('/api/v1/omnichannel/contacts.conflicts', { contactId, customFields: { company: { $gt: '' } } }),
        { status: 400, errorType: 'error-invalid-custom-field-value' },
      ],
      [
        'conflicts managed by a non-agent',
        () => agent.api.post('/api/v1/omnichannel/contacts.conflicts', { contactId, contactManager: outsider.id }),
        { status: 400, errorType: 'error-contact-manager-not-found' },
      ],
      [
        'conflicts wipeConflicts not a boolean',
        () => agent.api.post('/api/v1/omnichannel/contacts.conflicts', { contactId, wipeConflicts: 'yes' }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'conflicts with an unknown property',
        () => agent.api.post('/api/v1/omnichannel/contacts.conflicts', { contactId, emails: ['a@b.c'] }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'conflicts without the permission',
        () => outsider.api.post('/api/v1/omnichannel/contacts.conflicts', { contactId, name: 'x' }),
        { status: 403, errorType: expect.stringContaining('error-unauthorized') as never },
      ],
      [
        'channels without contactId',
        () => agent.api.get('/api/v1/omnichannel/contacts.channels'),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'channels without the permission',
        () => outsider.api.get('/api/v1/omnichannel/contacts.channels', { contactId }),
        { status: 403, errorType: expect.stringContaining('error-unauthorized') as never },
      ],
      [
        'checkExistence without a criterion',
        () => agent.api.get('/api/v1/omnichannel/contacts.checkExistence'),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'checkExistence with two criteria',
        () => agent.api.get('/api/v1/omnichannel/contacts.checkExistence', { contactId, phone: '1' }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'checkExistence with a malformed e-mail',
        () => agent.api.get('/api/v1/omnichannel/contacts.checkExistence', { email: 'not-an-email' }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'checkExistence with an unknown parameter',
        () => agent.api.get('/api/v1/omnichannel/contacts.checkExistence', { name: 'Stable' }),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'checkExistence without the permission',
        () => outsider.api.get('/api/v1/omnichannel/contacts.checkExistence', { contactId }),
        { status: 403, errorType: expect.stringContaining('error-unauthorized') as never },
      ],
      [
        'delete without contactId',
        () => t.admin.post('/api/v1/omnichannel/contacts.delete', {}),
        { status: 400, errorType: 'invalid-params' },
      ],
      [
        'delete an unknown contact',
        () => t.admin.post('/api/v1/omnichannel/contacts.delete', { contactId: 'nope' }),
        { status: 404, errorType: 'error-contact-not-found' },
      ],
      [
        'delete by an agent (no delete-livechat-contact)',
        () => agent.api.post('/api/v1/omnichannel/contacts.delete', { contactId }),
        { status: 403, errorType: expect.stringContaining('error-unauthorized') as never },
      ],
      [
        'contact without view-l-room',
        () => outsider.api.post('/api/v1/omnichannel/contact', { token: token(), name: 'x' }),
        { status: 403, errorType: expect.stringContaining('error-unauthorized') as never },
      ],
    ];
    for (const [name, call, expected] of cases) {
      expect({ name, ...failure(await call()) }).toEqual({ name, ...expected });
    }
    expect(await contacts().find({}).sort({ _id: 1 }).toArray()).toEqual(before);
  });

  it("two first chats of one visitor opened at once link one contact (a new one, or the agent-created one with the visitor's e-mail)", async () => {
    const visitors = await Promise.all(
      Array.from({ length: 6 }, () => token()).map(async (vt) => ({ vt, visitor: await register(vt, { name: 'Twin' }) })),
    );
    const email = `${uniqueName('twin')}@example.test`;
    const { contactId: preRegistered } = ok(
      await agent.api.post('/api/v1/omnichannel/contacts', { name: 'Known Twin', emails: [email], phones: [] }),
    );
    const known = token();
    const knownVisitor = await register(known, { name: 'Twin', email });
    for (const { vt, visitor } of [...visitors, { vt: known, visitor: knownVisitor }]) {
      const [a, b] = await Promise.all([openRoom(vt), openRoom(vt)]);
      expect(a._id).not.toBe(b._id);
      const linked = await Promise.all([contactOf(a._id), contactOf(b._id)]);
      expect(linked[0].room.contactId).toBe(linked[1].room.contactId);
      expect(await contacts().countDocuments({ 'channels.visitor.visitorId': visitor._id })).toBe(1);
      expect(linked[0].contact.channels).toHaveLength(1);
      if (vt === known) expect(linked[0].contact._id).toBe(preRegistered);
    }
  });

  it('conflicts are resolved, channels listed, existence checked; a deleted contact is disabled with its visitors', async () => {
    const email = `${uniqueName('hedy')}@example.test`;
    const phone = `+43 1 ${randomBytes(3).readUIntBE(0, 3)}`;
    const { contactId } = ok(
      await agent.api.post('/api/v1/omnichannel/contacts', {
        name: 'Hedy',
        emails: [email],
        phones: [phone],
        customFields: { company: 'Film' },
      }),
    );
    const vt = token();
    const visitor = await register(vt, { name: 'Hedy', email });
    const room = await openRoom(vt);
    expect((await contactOf(room._id)).contact._id).toBe(contactId);
    // The visitor says other things: a name and a company value in conflict with the known contact's.
    await register(vt, { name: 'Hedy K.' });
    ok(await t.api.post('/api/v1/livechat/custom.field', { token: vt, key: 'company', value: 'Radio', overwrite: false }));
    expect(((await contacts().findOne({ _id: contactId })) as Doc).conflictingFields).toEqual([
      { field: 'name', value: 'Hedy K.' },
      { field: 'customFields.company', value: 'Radio' },
    ]);

    // Resolved one at a time: the chosen value set, its conflict dropped, the others kept.
    const named = ok(await agent.api.post('/api/v1/omnichannel/contacts.conflicts', { contactId, name: 'Hedy Lamarr' })).result as Doc;
    expect(named).toMatchObject({
      _id: contactId,
      name: 'Hedy Lamarr',
      conflictingFields: [{ field: 'customFields.company', value: 'Radio' }],
    });
    expect((await contactOf(room._id)).room.fname).toBe('Hedy Lamarr');
    const company = ok(await agent.api.post('/api/v1/omnichannel/contacts.conflicts', { contactId, customFields: { company: 'Radio' } }))
      .result as Doc;
    expect(company).toMatchObject({ customFields: { company: 'Radio' }, conflictingFields: [] });
    await register(vt, { name: 'H. Lamarr' });
    expect(ok(await agent.api.post('/api/v1/omnichannel/contacts.conflicts', { contactId, wipeConflicts: true })).result).toMatchObject({
      name: 'Hedy Lamarr',
      conflictingFields: [],
    });

    // Channels, one per name.
    const { channels } = ok(await agent.api.get('/api/v1/omnichannel/contacts.channels', { contactId }));
    expect(channels).toEqual([
      expect.objectContaining({
        name: 'widget',
        visitor: { visitorId: visitor._id, source: { type: 'widget' } },
        lastChat: expect.objectContaining({ _id: room._id }),
      }),
    ]);
    expect(ok(await agent.api.get('/api/v1/omnichannel/contacts.channels', { contactId: 'nope' })).channels).toEqual([]);

    // Existence by id, e-mail or phone.
    const exists = async (query: Doc) => ok(await agent.api.get('/api/v1/omnichannel/contacts.checkExistence', query)).exists as boolean;
    expect(
      await Promise.all([
        exists({ contactId }),
        exists({ email }),
        exists({ phone }),
        exists({ email: 'x@nowhere.test' }),
        exists({ contactId: 'nope' }),
      ]),
    ).toEqual([true, true, true, false, false]);

    // Deleted: refused while its chat is open; then disabled, its data and visitor gone.
    expect(failure(await t.admin.post('/api/v1/omnichannel/contacts.delete', { contactId }))).toEqual({
      status: 400,
      errorType: 'error-invalid-contact',
    });
    ok(await t.api.post('/api/v1/livechat/room.close', { token: vt, rid: room._id }));
    ok(await t.admin.post('/api/v1/omnichannel/contacts.delete', { contactId }));
    const deleted = (await contacts().findOne({ _id: contactId })) as Doc;
    expect(deleted.enabled).toBe(false);
    for (const gone of ['name', 'emails', 'phones', 'channels', 'customFields', 'conflictingFields', 'lastChat'])
      expect(deleted[gone]).toBeUndefined();
    expect(await probe.db.collection('rocketchat_livechat_visitor').countDocuments({ _id: visitor._id })).toBe(0);
    expect((await agent.api.get('/api/v1/omnichannel/contacts.get', { contactId })).status).toBe(404);
    expect(await exists({ email })).toBe(false);
    expect(failure(await t.admin.post('/api/v1/omnichannel/contacts.delete', { contactId }))).toEqual({
      status: 404,
      errorType: 'error-contact-not-found',
    });
  });

  it('the older visitor-based forms: omnichannel/contact registers a visitor, contact.search finds it', async () => {
    const vt = token();
    const { contact: visitorId } = ok(
      await agent.api.post('/api/v1/omnichannel/contact', {
        token: vt,
        name: 'Linus Visitor',
        email: 'Linus@Example.test',
        phone: '+46 8 555',
        customFields: { company: 'Kernel Org', shoeSize: '44' },
        contactManager: { username: agent.username },
      }),
    );
    const { contact } = ok(await agent.api.get('/api/v1/omnichannel/contact', { contactId: visitorId }));
    expect(contact).toMatchObject({
      _id: visitorId,
      token: vt,
      name: 'Linus Visitor',
      visitorEmails: [{ address: 'linus@example.test' }],
      phone: [{ phoneNumber: '+46 8 555' }],
      livechatData: { company: 'Kernel Org' },
      contactManager: { username: agent.username },
    });
    expect(contact.livechatData.shoeSize).toBeUndefined();
    const search = async (query: Doc) => ok(await agent.api.get('/api/v1/omnichannel/contact.search', query)).contact as Doc | null;
    expect((await search({ email: 'LINUS@example.test' }))?._id).toBe(visitorId);
    expect((await search({ phone: '+46 8 555', custom: JSON.stringify({ company: 'kernel' }) }))?._id).toBe(visitorId);
    expect(await search({ email: 'linus@example.test', custom: JSON.stringify({ company: 'BSD' }) })).toBeNull();

    // Again with an empty phone: removed; the same visitor (by token).
    expect(ok(await agent.api.post('/api/v1/omnichannel/contact', { token: vt, name: 'Linus T.', phone: '' })).contact).toBe(visitorId);
    const updated = ok(await agent.api.get('/api/v1/omnichannel/contact', { contactId: visitorId })).contact as Doc;
    expect(updated.name).toBe('Linus T.');
    expect(updated.phone).toBeUndefined();
    expect(updated.contactManager).toBeUndefined();
  });

  it('custom business hours are Enterprise: none is read, none is saved, the default one stays', async () => {
    expect(ok(await t.admin.get('/api/v1/livechat/business-hour', { type: 'custom', _id: 'any' })).businessHour).toBeNull();
    const { businessHour } = ok(await t.admin.get('/api/v1/livechat/business-hour', { type: 'default' }));
    const custom = {
      name: 'Night shift',
      type: 'custom',
      timezone: 'UTC',
      workHours: [{ day: 'Monday', start: '20:00', finish: '23:00', open: true }],
    };
    expect(failure(await t.admin.post('/api/v1/livechat/business-hours.save', custom))).toEqual({
      status: 400,
      errorType: 'error-invalid-business-hour',
    });
    const listed = ok(await t.admin.get('/api/v1/livechat/business-hours.list')).businessHours as Doc[];
    expect(listed.map((b) => b._id)).toEqual([businessHour._id]);
  });
});
