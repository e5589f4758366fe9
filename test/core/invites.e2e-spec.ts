import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, StackProbe, uniqueName, type CoreUser } from './support/core-fixtures.js';

/** Invite links through REST: creation by a room's owner, joining by token, expiry by days and uses, removal. */
describe('invites', () => {
  const t = useStack();
  let owner: CoreUser;
  let joiner: CoreUser;
  let latecomer: CoreUser;
  let member: CoreUser;
  let ownerSocket: DdpClient;
  let probe: StackProbe;
  let group: { _id: string; name: string };

  const invites = () => probe.db.collection('rocketchat_invites');
  const isMember = async (rid: string, userId: string) =>
    (await probe.db.collection('rocketchat_subscription').countDocuments({ rid, 'u._id': userId })) === 1;

  beforeAll(async () => {
    [owner, joiner, latecomer, member] = await Promise.all([
      createUser(t.admin, 'owner'),
      createUser(t.admin, 'joiner'),
      createUser(t.admin, 'late'),
      createUser(t.admin, 'member'),
    ]);
    probe = await StackProbe.open(t.stack);
    group = ok(await owner.api.post('/api/v1/groups.create', { name: uniqueName('secret'), members: [member.username] })).group;
    ownerSocket = await DdpClient.connect(t.stack.gatewayUrl());
    await ownerSocket.login(owner.username, PASSWORD);
    await ownerSocket.stream('notify-user', `${owner.id}/updateInvites`);
  });

  afterAll(async () => {
    await ownerSocket?.close();
    await probe?.close();
  });

  it('lets a room owner create a link (announced to them), reuses it, and lets its holder join once per use', async () => {
    const announced = ownerSocket.nextPush('notify-user', `${owner.id}/updateInvites`);
    const invite = ok(await owner.api.post('/api/v1/findOrCreateInvite', { rid: group._id, days: 1, maxUses: 1 }));
    expect(invite).toMatchObject({ rid: group._id, userId: owner.id, days: 1, maxUses: 1, uses: 0, inviteToken: expect.any(String) });
    expect(invite.url).toBe(`http://localhost:3000/invite/${invite.inviteToken}`);
    const lifetime = new Date(invite.expires).getTime() - new Date(invite.createdAt).getTime();
    expect(lifetime).toBe(24 * 60 * 60 * 1000);
    expect((await announced).args[0].invite).toMatchObject({ _id: invite._id, rid: group._id });
    expect(ok(await owner.api.post('/api/v1/findOrCreateInvite', { rid: group._id, days: 1, maxUses: 1 }))._id).toBe(invite._id);

    expect(ok(await t.api.post('/api/v1/validateInviteToken', { token: invite.inviteToken })).valid).toBe(true);
    expect(ok(await t.api.post('/api/v1/validateInviteToken', { token: 'no-such-token' })).valid).toBe(false);
    expect(ok(await t.api.post('/api/v1/validateInviteToken', { token: { $ne: null } })).valid).toBe(false);

    const used = ok(await joiner.api.post('/api/v1/useInviteToken', { token: invite.inviteToken }));
    expect(used.room).toEqual({ rid: group._id, name: group.name, fname: group.name, t: 'p' });
    expect(await isMember(group._id, joiner.id)).toBe(true);
    expect((await invites().findOne({ _id: invite._id }))?.uses).toBe(1);

    // Used up: the next holder is refused and stays out; the link is no longer valid.
    const refused = await latecomer.api.post('/api/v1/useInviteToken', { token: invite.inviteToken });
    expect(refused.body).toMatchObject({ success: false, errorType: 'error-invite-expired' });
    expect(await isMember(group._id, latecomer.id)).toBe(false);
    expect(ok(await t.api.post('/api/v1/validateInviteToken', { token: invite.inviteToken })).valid).toBe(false);
    // A new link with the same settings replaces the used-up one.
    expect(ok(await owner.api.post('/api/v1/findOrCreateInvite', { rid: group._id, days: 1, maxUses: 1 }))._id).not.toBe(invite._id);
  });

  it('serves the page the link opens: a way into the apps for a usable invitation, a 404 page for any other', async () => {
    const invite = ok(await owner.api.post('/api/v1/findOrCreateInvite', { rid: group._id, days: 15, maxUses: 0 }));
    const page = await fetch(`${t.stack.gatewayUrl()}/invite/${invite.inviteToken}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const html = await page.text();
    const host = new URL(t.stack.gatewayUrl()).host;
    expect(html).toContain(
      `href="rocketchat://invite?host=${encodeURIComponent(host)}&amp;path=${encodeURIComponent(`invite/${invite.inviteToken}`)}"`,
    );
    expect(html).toContain(`<code id="invite-token">${invite.inviteToken}</code>`);
    expect(html).not.toContain(group.name);
    expect(html).not.toContain('<script');

    for (const token of ['no-such-token', '%3Cscript%3Ealert(1)%3C%2Fscript%3E']) {
      const refused = await fetch(`${t.stack.gatewayUrl()}/invite/${token}`);
      expect(refused.status).toBe(404);
      const text = await refused.text();
      expect(text).toContain('This invitation is not valid');
      expect(text).not.toContain('<script>');
    }
    await invites().updateOne({ _id: invite._id }, { $set: { expires: new Date(Date.now() - 1000) } });
    expect((await fetch(`${t.stack.gatewayUrl()}/invite/${invite.inviteToken}`)).status).toBe(404);
  });

  it('refuses an expired link and counts no use for a member who is already in the room', async () => {
    const invite = ok(await owner.api.post('/api/v1/findOrCreateInvite', { rid: group._id, days: 7, maxUses: 0 }));
    ok(await member.api.post('/api/v1/useInviteToken', { token: invite.inviteToken }));
    expect((await invites().findOne({ _id: invite._id }))?.uses).toBe(0);

    await invites().updateOne({ _id: invite._id }, { $set: { expires: new Date(Date.now() - 1000) } });
    const refused = await latecomer.api.post('/api/v1/useInviteToken', { token: invite.inviteToken });
    expect(refused.body).toMatchObject({ success: false, errorType: 'error-invite-expired' });
    expect(await isMember(group._id, latecomer.id)).toBe(false);
    expect((await latecomer.api.post('/api/v1/useInviteToken', { token: 'no-such-token' })).body.errorType).toBe('error-invalid-token');
    expect((await t.api.post('/api/v1/useInviteToken', { token: invite.inviteToken })).status).toBe(401);
  });

  it('refuses links without create-invite-links, outside the room, of direct messages or with odd limits, creating none', async () => {
    const before = await invites().countDocuments();
    const dm = ok(await t.admin.post('/api/v1/im.create', { username: member.username })).room;
    const refusals: Array<[Promise<{ status: number; body: Record<string, any> }>, string]> = [
      [member.api.post('/api/v1/findOrCreateInvite', { rid: group._id }), 'not_authorized'],
      [latecomer.api.post('/api/v1/findOrCreateInvite', { rid: group._id }), 'not_authorized'],
      [t.admin.post('/api/v1/findOrCreateInvite', { rid: group._id }), 'error-invalid-room'],
      [t.admin.post('/api/v1/findOrCreateInvite', { rid: dm._id }), 'error-room-type-not-allowed'],
      [owner.api.post('/api/v1/findOrCreateInvite', { rid: group._id, days: 3 }), 'invalid-number-of-days'],
      [owner.api.post('/api/v1/findOrCreateInvite', { rid: group._id, maxUses: 7 }), 'invalid-number-of-uses'],
      [owner.api.post('/api/v1/findOrCreateInvite', { rid: group._id, days: '1' }), 'invalid-params'],
      [owner.api.post('/api/v1/findOrCreateInvite', {}), 'invalid-params'],
    ];
    for (const [response, errorType] of refusals) {
      const { status, body } = await response;
      expect({ status, errorType: body.errorType }).toEqual({ status: 400, errorType });
    }
    expect(await invites().countDocuments()).toBe(before);
  });

  it('lists every invite to administrators and removes an invite for its creator or an administrator', async () => {
    const invite = ok(await owner.api.post('/api/v1/findOrCreateInvite', { rid: group._id, days: 30, maxUses: 100 }));
    const listed = await t.admin.get('/api/v1/listInvites');
    expect(listed.status).toBe(200);
    expect(Array.isArray(listed.body)).toBe(true);
    expect(listed.body.find((i: { _id: string }) => i._id === invite._id)).toMatchObject({ rid: group._id, url: invite.url });
    expect((await member.api.get('/api/v1/listInvites')).body.errorType).toBe('not_authorized');

    expect((await member.api.send<Record<string, any>>('DELETE', `/api/v1/removeInvite/${invite._id}`)).body.errorType).toBe(
      'not_authorized',
    );
    expect(await invites().countDocuments({ _id: invite._id })).toBe(1);
    const removed = await owner.api.send<unknown>('DELETE', `/api/v1/removeInvite/${invite._id}`);
    expect({ status: removed.status, body: removed.body }).toEqual({ status: 200, body: true });
    expect(await invites().countDocuments({ _id: invite._id })).toBe(0);
    expect((await t.admin.send<Record<string, any>>('DELETE', `/api/v1/removeInvite/${invite._id}`)).body.errorType).toBe(
      'invalid-invitation-id',
    );
    expect(ok(await t.api.post('/api/v1/validateInviteToken', { token: invite.inviteToken })).valid).toBe(false);
  });
});
