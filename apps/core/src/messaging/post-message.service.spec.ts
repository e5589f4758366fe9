import { describe, expect, it } from '@jest/globals';
import type { Actor, RpcParsedRequest, messagesPost } from '@rc/contracts';
import { coreWorld } from '../testing/core-world.js';
import { PostMessageService } from './post-message.service.js';

const alice = { userId: 'alice' } as Actor;
type PostRequest = RpcParsedRequest<typeof messagesPost>;
const post = (fields: Partial<PostRequest>) => ({ actor: alice, ...fields });

/** A public channel alice has not joined, a private group, and bob for direct messages. */
function world() {
  const w = coreWorld({
    users: [
      { _id: 'alice', username: 'alice' },
      { _id: 'bob', username: 'bob' },
    ],
    rooms: [
      { _id: 'general', t: 'c', name: 'general' },
      { _id: 'archive', t: 'c', name: 'archive', archived: true },
    ],
  });
  w.fakeAccess.grant('alice', 'create-d').grant('bob', 'view-d-room');
  const service = new PostMessageService(w.users, w.rooms, w.messages, w.access, w.membership, w.directRooms, w.guard, w.sender);
  return { ...w, service };
}

describe('PostMessageService.post (chat.postMessage)', () => {
  it('posts to #channel, joining the public channel on the way (with its uj message)', async () => {
    const w = world();
    const { channel, message } = await w.service.post(post({ channel: '#general', text: '  hello  ' }));
    expect(channel).toBe('#general');
    expect(message).toMatchObject({ rid: 'general', msg: 'hello', groupable: false });
    expect(w.repos.subscriptions.data.findOne({ rid: 'general', 'u._id': 'alice' })).not.toBeNull();
    expect(w.systemMessagesIn('general')).toEqual([['uj', 'alice']]);
  });

  it('posts to @username through a direct message, created when missing', async () => {
    const w = world();
    const { message } = await w.service.post(post({ channel: '@bob', text: 'psst' }));
    expect(message.rid).toBe('alicebob');
    expect(w.repos.rooms.data.get('alicebob')).toMatchObject({ t: 'd', msgs: 1 });
  });

  it('accepts a room id, and a user id as a last resort', async () => {
    const w = world();
    await expect(w.service.post(post({ roomId: 'general', text: 'by id' }))).resolves.toMatchObject({ message: { rid: 'general' } });
    await expect(w.service.post(post({ channel: 'bob', text: 'by user id' }))).resolves.toMatchObject({ message: { rid: 'alicebob' } });
  });

  it('answers invalid-channel for an unknown destination, and refuses an archived channel', async () => {
    const w = world();
    await expect(w.service.post(post({ channel: '#nowhere', text: 'x' }))).rejects.toMatchObject({ code: 'invalid-channel' });
    await expect(w.service.post(post({ channel: '@ghost', text: 'x' }))).rejects.toMatchObject({ code: 'invalid-channel' });
    await expect(w.service.post(post({ channel: 'ghost', text: 'x' }))).rejects.toMatchObject({ code: 'invalid-channel' });
    await expect(w.service.post(post({ channel: '#archive', text: 'x' }))).rejects.toMatchObject({ code: 'error-room-archived' });
  });

  it('needs a roomId or channel, and checks the size of the text and of each attachment text (the route’s bare text)', async () => {
    const w = world();
    await expect(w.service.post(post({ text: 'x' }))).rejects.toMatchObject({ code: 'invalid-params' });
    const long = 'x'.repeat(5001);
    const tooLong = { code: 'failure', reason: 'error-message-size-exceeded' };
    await expect(w.service.post(post({ channel: '#general', text: long }))).rejects.toMatchObject(tooLong);
    await expect(w.service.post(post({ channel: '#general', attachments: [{ text: long }] }))).rejects.toMatchObject(tooLong);
  });

  it('does not parse URLs of a message with attachments unless asked', async () => {
    const w = world();
    const { message } = await w.service.post(post({ channel: '#general', text: 'https://example.com', attachments: [{ text: 'a' }] }));
    expect(message).toMatchObject({ parseUrls: false });
    expect(message.urls).toBeUndefined();
  });
});
