import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, StackProbe, uniqueName, type CoreUser } from './support/core-fixtures.js';

/** Custom user statuses through REST and DDP: the administrator's list, create, update, delete, and their events. */
describe('custom user statuses', () => {
  const t = useStack();
  let member: CoreUser;
  let memberSocket: DdpClient;
  let adminSocket: DdpClient;
  let probe: StackProbe;

  const statusCount = async () => probe.db.collection('rocketchat_custom_user_status').countDocuments();

  beforeAll(async () => {
    member = await createUser(t.admin, 'member');
    probe = await StackProbe.open(t.stack);
    [memberSocket, adminSocket] = await Promise.all([DdpClient.connect(t.stack.gatewayUrl()), DdpClient.connect(t.stack.gatewayUrl())]);
    await memberSocket.login(member.username, PASSWORD);
    await adminSocket.login('admin', 'admin-e2e-pass');
    await Promise.all([
      memberSocket.stream('notify-logged', 'updateCustomUserStatus'),
      memberSocket.stream('notify-logged', 'deleteCustomUserStatus'),
    ]);
  });

  afterAll(async () => {
    await memberSocket?.close();
    await adminSocket?.close();
    await probe?.close();
  });

  it('creates, lists, updates and deletes a status over REST, announcing each change to logged-in users', async () => {
    const name = uniqueName('Lunch');
    const created = memberSocket.nextPush('notify-logged', 'updateCustomUserStatus', (p) => p.args[0]?.userStatusData?.name === name);
    const { customUserStatus } = ok(await t.admin.post('/api/v1/custom-user-status.create', { name, statusType: 'away' }));
    expect(customUserStatus).toMatchObject({ _id: expect.any(String), name, statusType: 'away', _updatedAt: expect.any(String) });
    expect((await created).args[0].userStatusData).toMatchObject({ _id: customUserStatus._id, name, statusType: 'away' });

    const listed = ok(await member.api.get('/api/v1/custom-user-status.list', { name: name.slice(0, 8).toLowerCase() }));
    expect(listed).toMatchObject({ count: 1, offset: 0, total: 1 });
    expect(listed.statuses[0]).toMatchObject({ _id: customUserStatus._id, name });
    const byQuery = ok(await member.api.get('/api/v1/custom-user-status.list', { query: JSON.stringify({ statusType: 'away' }) }));
    expect(byQuery.statuses.map((s: { _id: string }) => s._id)).toContain(customUserStatus._id);
    const injected = await member.api.get('/api/v1/custom-user-status.list', { query: JSON.stringify({ name: { $ne: null } }) });
    expect(injected.status).toBe(400);

    const renamed = `${name}-x`;
    const updated = memberSocket.nextPush('notify-logged', 'updateCustomUserStatus', (p) => p.args[0]?.userStatusData?.name === renamed);
    const after = ok(
      await t.admin.post('/api/v1/custom-user-status.update', { _id: customUserStatus._id, name: renamed, statusType: 'busy' }),
    );
    expect(after.customUserStatus).toMatchObject({ _id: customUserStatus._id, name: renamed, statusType: 'busy' });
    await updated;

    const deleted = memberSocket.nextPush(
      'notify-logged',
      'deleteCustomUserStatus',
      (p) => p.args[0]?.userStatusData?._id === customUserStatus._id,
    );
    ok(await t.admin.post('/api/v1/custom-user-status.delete', { customUserStatusId: customUserStatus._id }));
    expect((await deleted).args[0].userStatusData).toMatchObject({ name: renamed });
    expect(ok(await member.api.get('/api/v1/custom-user-status.list', { _id: customUserStatus._id })).total).toBe(0);
  });

  it('refuses bad input and callers without manage-user-status, changing nothing', async () => {
    const existing = ok(await t.admin.post('/api/v1/custom-user-status.create', { name: uniqueName('Taken') })).customUserStatus;
    const before = await statusCount();
    const refusals: Array<[Promise<{ status: number; body: Record<string, any> }>, string]> = [
      [member.api.post('/api/v1/custom-user-status.create', { name: uniqueName('Mine') }), 'not_authorized'],
      [t.admin.post('/api/v1/custom-user-status.create', { name: '<b>bold</b>' }), 'error-input-is-not-a-valid-field'],
      [t.admin.post('/api/v1/custom-user-status.create', { name: '   ' }), 'error-the-field-is-required'],
      [t.admin.post('/api/v1/custom-user-status.create', { name: existing.name }), 'Custom_User_Status_Error_Name_Already_In_Use'],
      [
        t.admin.post('/api/v1/custom-user-status.create', { name: uniqueName('Odd'), statusType: 'sleepy' }),
        'error-input-is-not-a-valid-field',
      ],
      [t.admin.post('/api/v1/custom-user-status.create', { name: { $ne: null } }), 'invalid-params'],
      [t.admin.post('/api/v1/custom-user-status.update', { name: 'No id' }), 'invalid-params'],
      [t.admin.post('/api/v1/custom-user-status.update', { _id: 'nope', name: 'Ghost' }), 'Custom_User_Status_Error_Invalid_User_Status'],
      [member.api.post('/api/v1/custom-user-status.update', { _id: existing._id, name: 'Hijacked' }), 'not_authorized'],
      [member.api.post('/api/v1/custom-user-status.delete', { customUserStatusId: existing._id }), 'not_authorized'],
      [t.admin.post('/api/v1/custom-user-status.delete', { customUserStatusId: 'nope' }), 'Custom_User_Status_Error_Invalid_User_Status'],
    ];
    for (const [response, errorType] of refusals) {
      const { status, body } = await response;
      expect({ status, errorType: body.errorType }).toEqual({ status: 400, errorType });
    }
    expect(await statusCount()).toBe(before);
    expect(ok(await member.api.get('/api/v1/custom-user-status.list', { _id: existing._id })).statuses[0].name).toBe(existing.name);
    expect((await t.api.get('/api/v1/custom-user-status.list')).status).toBe(401);
  });

  it('works over DDP as the administration UI calls it, and users pick a custom status with setUserStatus', async () => {
    const name = uniqueName('Focus');
    const id = await adminSocket.call<string>('insertOrUpdateUserStatus', { name, statusType: 'busy' });
    expect(typeof id).toBe('string');
    expect(await adminSocket.call('insertOrUpdateUserStatus', { _id: id, name, statusType: 'away', previousName: name })).toBe(true);
    const listed = await memberSocket.call<Array<{ _id: string; name: string; statusType: string }>>('listCustomUserStatus');
    expect(listed.find((s) => s._id === id)).toMatchObject({ name, statusType: 'away' });

    await expect(memberSocket.call('insertOrUpdateUserStatus', { name: uniqueName('Nope') })).rejects.toMatchObject({
      error: { error: 'not_authorized' },
    });

    // The clients set a custom status as its type plus its name as the status text.
    await memberSocket.call('setUserStatus', 'away', name);
    const { user } = ok(await t.admin.get('/api/v1/users.info', { userId: member.id }));
    expect(user).toMatchObject({ status: 'away', statusText: name });

    const deleted = memberSocket.nextPush('notify-logged', 'deleteCustomUserStatus', (p) => p.args[0]?.userStatusData?._id === id);
    expect(await adminSocket.call('deleteCustomUserStatus', id)).toBe(true);
    await deleted;
    await expect(adminSocket.call('deleteCustomUserStatus', id)).rejects.toMatchObject({
      error: { error: 'Custom_User_Status_Error_Invalid_User_Status' },
    });
  });
});
