import { describe, expect, it } from '@jest/globals';
import type { Actor, IMessage } from '@rc/contracts';
import { coreWorld, storedMessage } from '../testing/core-world.js';

const actor = (userId: string) => ({ userId }) as Actor;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

/** A channel where alice wrote `m1` (the room's last message) `age` minutes ago; bob is a member too. */
function world(
  settings: Record<string, string | number | boolean> = {},
  message: Partial<IMessage> = {},
  room: Record<string, unknown> = {},
) {
  const m1 = storedMessage({ _id: 'm1', rid: 'general', msg: 'first', ts: minutesAgo(1), ...message });
  const w = coreWorld({
    users: [
      { _id: 'alice', username: 'alice' },
      { _id: 'bob', username: 'bob' },
    ],
    rooms: [{ _id: 'general', t: 'c', name: 'general', msgs: 1, lastMessage: m1, ...room }],
    messages: [m1],
    settings,
  });
  w.subscribe('general', 'alice');
  w.subscribe('general', 'bob');
  return { ...w, editor: w.editor() };
}

describe('EditMessageService.update', () => {
  it("edits one's own message: new text and md, editedBy, and the room's last message follows", async () => {
    const w = world();
    const updated = await w.editor.update(actor('alice'), { msgId: 'm1', roomId: 'general', text: 'second' });
    expect(updated).toMatchObject({ msg: 'second', editedBy: { _id: 'alice', username: 'alice' } });
    expect(updated?.editedAt).toBeInstanceOf(Date);
    expect(w.repos.rooms.data.get('general')!.lastMessage).toMatchObject({ msg: 'second' });
    expect(w.named('roomChanged')).toHaveLength(1);
  });

  it("refuses someone else's message without edit-message, and allows it with", async () => {
    const w = world();
    await expect(w.editor.update(actor('bob'), { msgId: 'm1', text: 'hijack' })).rejects.toMatchObject({
      code: 'error-action-not-allowed',
    });
    w.fakeAccess.grant('bob', 'edit-message', 'general');
    await expect(w.editor.update(actor('bob'), { msgId: 'm1', text: 'moderated' })).resolves.toMatchObject({ msg: 'moderated' });
  });

  it('refuses editing when Message_AllowEditing is off', async () => {
    const w = world({ Message_AllowEditing: false });
    await expect(w.editor.update(actor('alice'), { msgId: 'm1', text: 'x' })).rejects.toMatchObject({ code: 'error-action-not-allowed' });
  });

  it('blocks an edit after Message_AllowEditing_BlockEditInMinutes unless bypass-time-limit-edit-and-delete', async () => {
    const w = world({ Message_AllowEditing_BlockEditInMinutes: 5 }, { ts: minutesAgo(10) });
    await expect(w.editor.update(actor('alice'), { msgId: 'm1', text: 'late' })).rejects.toMatchObject({
      code: 'error-message-editing-blocked',
    });
    w.fakeAccess.grant('alice', 'bypass-time-limit-edit-and-delete');
    await expect(w.editor.update(actor('alice'), { msgId: 'm1', text: 'late' })).resolves.toMatchObject({ msg: 'late' });
  });

  it('allows an edit inside the time limit', async () => {
    const w = world({ Message_AllowEditing_BlockEditInMinutes: 5 }, { ts: minutesAgo(2) });
    await expect(w.editor.update(actor('alice'), { msgId: 'm1', text: 'quick' })).resolves.toMatchObject({ msg: 'quick' });
  });

  it('refuses system messages', async () => {
    const w = world({}, { t: 'uj' });
    await expect(w.editor.update(actor('alice'), { msgId: 'm1', text: 'x' })).rejects.toMatchObject({ code: 'error-action-not-allowed' });
  });

  it('chat.update (checked by the route): an unknown message or another room refused with the route’s texts alone', async () => {
    const w = world({});
    await expect(
      w.editor.update(actor('alice'), { msgId: 'nope', roomId: 'general', text: 'x', checkedBy: 'route' }),
    ).rejects.toMatchObject({
      code: 'failure',
      reason: 'No message found with the id of "nope".',
    });
    await expect(w.editor.update(actor('alice'), { msgId: 'm1', roomId: 'random', text: 'x', checkedBy: 'route' })).rejects.toMatchObject({
      code: 'failure',
      reason: 'The room id provided does not match where the message is from.',
    });
    expect((await w.messages.findById('m1'))?.msg).toBe('first');
  });

  it('updateMessage (checked by the method): an unknown message changes nothing; another rid is a key it may not change', async () => {
    const w = world({});
    await expect(w.editor.update(actor('alice'), { msgId: 'nope', text: 'x' })).resolves.toBeUndefined();
    await expect(w.editor.update(actor('alice'), { msgId: 'm1', roomId: 'random', text: 'x' })).rejects.toMatchObject({
      code: 'error-invalid-update-key',
      reason: 'Cannot update the message rid',
    });
    expect((await w.messages.findById('m1'))?.msg).toBe('first');
  });

  it('refuses an edit in an archived or read-only room', async () => {
    const archived = world({}, {}, { archived: true });
    await expect(archived.editor.update(actor('alice'), { msgId: 'm1', text: 'x' })).rejects.toMatchObject({ code: 'error-room-archived' });
    const readOnly = world({}, {}, { ro: true });
    await expect(readOnly.editor.update(actor('alice'), { msgId: 'm1', text: 'x' })).rejects.toMatchObject({
      code: 'error-room-is-read-only',
    });
  });

  it('writes nothing when the text is unchanged', async () => {
    const w = world();
    await expect(w.editor.update(actor('alice'), { msgId: 'm1', text: 'first' })).resolves.toMatchObject({ msg: 'first' });
    expect(w.events).toEqual([]);
  });
});

describe('EditMessageService.delete', () => {
  it("deletes one's own message with delete-own-message: trashed, gone, and the room's last message replaced", async () => {
    const older = storedMessage({ _id: 'm0', rid: 'general', msg: 'older', ts: minutesAgo(3) });
    const w = world();
    w.repos.messages.data.insert(older);
    w.fakeAccess.grant('alice', 'delete-own-message');
    await expect(w.editor.delete(actor('alice'), 'm1', undefined, false)).resolves.toMatchObject({ _id: 'm1' });
    expect(w.repos.messages.data.get('m1')).toBeNull();
    expect(w.repos.trash.trashed).toEqual([{ collection: 'rocketchat_message', _id: 'm1' }]);
    expect(w.repos.rooms.data.get('general')).toMatchObject({ msgs: 0, lastMessage: { _id: 'm0' } });
    expect(w.named('messageDeleted')).toEqual([[expect.objectContaining({ _id: 'm1' })]]);
  });

  it('removes lastMessage when no visible message is left', async () => {
    const w = world();
    w.fakeAccess.grant('alice', 'delete-own-message');
    await w.editor.delete(actor('alice'), 'm1', undefined, false);
    expect(w.repos.rooms.data.get('general')!.lastMessage).toBeUndefined();
  });

  it("refuses someone else's message without delete-message; force-delete-message deletes anything", async () => {
    const w = world({ Message_AllowDeleting: false });
    w.fakeAccess.grant('bob', 'delete-message');
    await expect(w.editor.delete(actor('bob'), 'm1', undefined, false)).rejects.toMatchObject({ code: 'error-action-not-allowed' });
    w.fakeAccess.grant('bob', 'force-delete-message', 'general');
    await expect(w.editor.delete(actor('bob'), 'm1', undefined, false)).resolves.toMatchObject({ _id: 'm1' });
  });

  it('blocks a delete after Message_AllowDeleting_BlockDeleteInMinutes unless bypass-time-limit-edit-and-delete', async () => {
    const w = world({ Message_AllowDeleting_BlockDeleteInMinutes: 5 }, { ts: minutesAgo(10) });
    w.fakeAccess.grant('alice', 'delete-own-message');
    await expect(w.editor.delete(actor('alice'), 'm1', undefined, false)).rejects.toMatchObject({ code: 'error-action-not-allowed' });
    w.fakeAccess.grant('alice', 'bypass-time-limit-edit-and-delete');
    await expect(w.editor.delete(actor('alice'), 'm1', undefined, false)).resolves.toMatchObject({ _id: 'm1' });
  });

  it('refuses a delete in a read-only room without post-readonly', async () => {
    const w = world({}, {}, { ro: true });
    w.fakeAccess.grant('alice', 'delete-own-message');
    await expect(w.editor.delete(actor('alice'), 'm1', undefined, false)).rejects.toMatchObject({ code: 'error-room-is-read-only' });
  });

  it("keeps a thread's first message as 'message removed' (t: rm) instead of deleting it", async () => {
    const w = world({}, { tcount: 2, replies: ['bob'] });
    w.fakeAccess.grant('alice', 'delete-own-message');
    await w.editor.delete(actor('alice'), 'm1', undefined, false);
    expect(w.repos.messages.data.get('m1')).toMatchObject({ t: 'rm', msg: '', tcount: 2 });
    expect(w.repos.trash.trashed).toEqual([]);
  });

  it("takes a deleted reply off its parent's count", async () => {
    const parent = storedMessage({ _id: 'parent', rid: 'general', tcount: 1, ts: minutesAgo(5) });
    const w = world({}, { tmid: 'parent' });
    w.repos.messages.data.insert(parent);
    w.fakeAccess.grant('alice', 'delete-own-message');
    await w.editor.delete(actor('alice'), 'm1', undefined, false);
    expect(w.repos.messages.data.get('parent')).toMatchObject({ tcount: 0 });
  });

  it("deletes as the author (asUser) only with force-delete-message when it is someone else's", async () => {
    const w = world();
    w.fakeAccess.grant('bob', 'delete-message', 'general');
    // Rocket.Chat's chat.delete: `API.v1.failure('Unauthorized. You must have the permission …')`, the text alone.
    await expect(w.editor.delete(actor('bob'), 'm1', undefined, true)).rejects.toMatchObject({ code: 'failure' });
  });
});
