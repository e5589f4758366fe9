import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, uniqueName, type CoreUser } from './support/core-fixtures.js';

/** Sends per step: with two core instances sharing the sends, both handle some of them (1 − 2⁻⁷ of the time). */
const MESSAGES = 8;

const MUTED = { success: false, error: 'You_have_been_muted' };
const READ_ONLY = { success: false, error: "You can't send messages because the room is readonly." };
const ARCHIVED = { success: false, errorType: 'error-room-archived' };

/**
 * Core holds the room a send reads (RoomCache). Every write of a room announces it (`rooms.changed`) before it is
 * answered, so the sends right after a change — mute, read-only, archive, deletion, a member removed — are decided
 * on it, whichever core instance handles them and whichever face made the change. Each case first sends through
 * both instances (the room held on each), changes the room, sees the next sends refused, undoes the change and sees
 * them accepted again.
 */
describe('a send sees the room as written just before it, on either core instance', () => {
  const t = useStack({ instances: { core: 2 } });
  let alice: CoreUser;
  let bob: CoreUser;
  /** alice's DDP socket (the methods' face). */
  let aliceSocket: DdpClient;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([createUser(t.admin, 'alice'), createUser(t.admin, 'bob')]);
    aliceSocket = await DdpClient.connect(t.stack.gatewayUrl());
    await aliceSocket.login(alice.username, PASSWORD);
  });

  afterAll(() => aliceSocket?.close());

  /** bob's next MESSAGES sends to the room: the answers' bodies that were not a success (none when all were). */
  async function bobsRefusals(rid: string): Promise<unknown[]> {
    const refusals: unknown[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const { body } = await bob.api.post('/api/v1/chat.sendMessage', { message: { rid, msg: `plain text ${i}` } });
      if (body.success !== true) refusals.push(body);
    }
    return refusals;
  }

  async function roomOfAliceWithBob(kind: 'channels' | 'groups'): Promise<string> {
    const body = ok(await alice.api.post(`/api/v1/${kind}.create`, { name: uniqueName('held'), members: [bob.username] }));
    return (kind === 'channels' ? body.channel : body.group)._id as string;
  }

  interface Change {
    change: (rid: string) => Promise<unknown>;
    undo: (rid: string) => Promise<unknown>;
    refused: Record<string, unknown>;
  }

  const changes: Record<string, Change> = {
    'rooms.muteUser (REST)': {
      change: (rid) => alice.api.post('/api/v1/rooms.muteUser', { roomId: rid, userId: bob.id }).then(ok),
      undo: (rid) => alice.api.post('/api/v1/rooms.unmuteUser', { roomId: rid, userId: bob.id }).then(ok),
      refused: MUTED,
    },
    'muteUserInRoom (DDP)': {
      change: (rid) => aliceSocket.call('muteUserInRoom', { rid, username: bob.username }),
      undo: (rid) => aliceSocket.call('unmuteUserInRoom', { rid, username: bob.username }),
      refused: MUTED,
    },
    '/mute @bob (commands.run)': {
      change: (rid) => alice.api.post('/api/v1/commands.run', { command: 'mute', params: `@${bob.username}`, roomId: rid }).then(ok),
      undo: (rid) => alice.api.post('/api/v1/commands.run', { command: 'unmute', params: `@${bob.username}`, roomId: rid }).then(ok),
      refused: MUTED,
    },
    'channels.setReadOnly (REST)': {
      change: (rid) => alice.api.post('/api/v1/channels.setReadOnly', { roomId: rid, readOnly: true }).then(ok),
      undo: (rid) => alice.api.post('/api/v1/channels.setReadOnly', { roomId: rid, readOnly: false }).then(ok),
      refused: READ_ONLY,
    },
    'rooms.saveRoomSettings (REST)': {
      change: (rid) => alice.api.post('/api/v1/rooms.saveRoomSettings', { rid, readOnly: true }).then(ok),
      undo: (rid) => alice.api.post('/api/v1/rooms.saveRoomSettings', { rid, readOnly: false }).then(ok),
      refused: READ_ONLY,
    },
    'saveRoomSettings (DDP)': {
      change: (rid) => aliceSocket.call('saveRoomSettings', rid, 'readOnly', true),
      undo: (rid) => aliceSocket.call('saveRoomSettings', rid, 'readOnly', false),
      refused: READ_ONLY,
    },
    'channels.archive (REST)': {
      change: (rid) => alice.api.post('/api/v1/channels.archive', { roomId: rid }).then(ok),
      // Only administrators may unarchive (unarchive-room).
      undo: (rid) => t.admin.post('/api/v1/channels.unarchive', { roomId: rid }).then(ok),
      refused: ARCHIVED,
    },
    '/archive (DDP slashCommand)': {
      change: (rid) => aliceSocket.call('slashCommand', { cmd: 'archive', params: '', msg: { rid } }),
      undo: (rid) => t.admin.post('/api/v1/channels.unarchive', { roomId: rid }).then(ok),
      refused: ARCHIVED,
    },
  };

  it.each(Object.keys(changes))('%s: the next sends are refused, and accepted again once undone', async (face) => {
    const { change, undo, refused } = changes[face];
    const rid = await roomOfAliceWithBob('channels');
    expect(await bobsRefusals(rid)).toEqual([]);
    await change(rid);
    const refusals = await bobsRefusals(rid);
    expect(refusals).toHaveLength(MESSAGES);
    for (const body of refusals) expect(body).toMatchObject(refused);
    await undo(rid);
    expect(await bobsRefusals(rid)).toEqual([]);
  });

  it('a deleted room: the next sends are refused as an unknown room', async () => {
    const rid = await roomOfAliceWithBob('channels');
    expect(await bobsRefusals(rid)).toEqual([]);
    ok(await alice.api.post('/api/v1/channels.delete', { roomId: rid }));
    expect(await bobsRefusals(rid)).toEqual(Array(MESSAGES).fill({ success: false, error: 'error-invalid-room' }));
  });

  it('a member removed from a private group: the next sends are refused', async () => {
    const rid = await roomOfAliceWithBob('groups');
    expect(await bobsRefusals(rid)).toEqual([]);
    ok(await alice.api.post('/api/v1/groups.kick', { roomId: rid, userId: bob.id }));
    expect(await bobsRefusals(rid)).toEqual(Array(MESSAGES).fill({ success: false, error: 'error-not-allowed' }));
  });
});
