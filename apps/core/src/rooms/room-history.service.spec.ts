import { describe, expect, it } from '@jest/globals';
import type { CleanHistoryOptions, IMessage } from '@rc/contracts';
import type { MessagesRepository, PruneSelection } from '@rc/models';
import { asReal, coreWorld } from '../testing/core-world.js';
import type { FileRemover } from '../uploads/file-remover.service.js';
import { FILE_REMOVED_BY_PRUNE, RoomHistoryService } from './room-history.service.js';

const admin = { userId: 'admin', username: 'admin' };
const window: CleanHistoryOptions = {
  latest: new Date('2026-01-02'),
  oldest: new Date('2026-01-01'),
  inclusive: true,
  excludePinned: false,
  filesOnly: false,
  ignoreDiscussion: true,
  ignoreThreads: true,
  fromUsers: [],
};

/**
 * The prune's order of work over stand-ins for the message queries (the queries themselves run against the
 * database in test/core/teams-rooms.e2e-spec.ts): one message with a file, two to delete, one left as last.
 */
function world() {
  const w = coreWorld({ users: [{ _id: 'admin', username: 'admin' }], rooms: [{ _id: 'r1', t: 'c', name: 'r1' }] });
  w.fakeAccess.grant('admin', 'clean-channel-history', 'r1');
  const calls: Array<[string, ...unknown[]]> = [];
  const last = { _id: 'kept', rid: 'r1', msg: 'kept', ts: new Date('2025-12-31') } as IMessage;
  const messages = asReal<MessagesRepository>({
    findPrunedWithFiles: (_rid: string, prune: PruneSelection) => {
      calls.push(['files', prune]);
      return Promise.resolve([{ _id: 'withFile', file: { _id: 'f1' }, files: [{ _id: 'f1' }, { _id: 'f2' }] }]);
    },
    markFilesPruned: (ids: string[], text: string) => Promise.resolve(void calls.push(['mark', ids, text])),
    deletePruned: () => Promise.resolve({ count: 2 }),
    findLastVisible: () => Promise.resolve(last),
  });
  const removed: string[][] = [];
  const files = asReal<FileRemover>({ remove: (ids: string[]) => Promise.resolve(void removed.push(ids)) });
  const service = new RoomHistoryService(w.access, w.rooms, messages, w.subscriptions, w.eraser, w.realtime, files);
  return { ...w, service, calls, removed };
}

describe('RoomHistoryService.clean', () => {
  it('needs clean-channel-history in the room', async () => {
    const w = world();
    await expect(w.service.clean({ userId: 'bob', username: 'bob' }, 'r1', window)).rejects.toMatchObject({ code: 'error-not-allowed' });
    await expect(w.service.clean(admin, 'nowhere', window)).rejects.toMatchObject({ code: 'error-not-allowed' });
  });

  it('removes the files, then the messages; the room counts fewer, shows the last one left, and readers hear deleteMessageBulk', async () => {
    const w = world();
    w.repos.rooms.data.updateOne({ _id: 'r1' }, { $set: { msgs: 5 } });
    await expect(w.service.clean(admin, 'r1', window)).resolves.toBe(2);
    expect(w.removed).toEqual([['f1', 'f2']]);
    expect(w.repos.rooms.data.get('r1')).toMatchObject({ msgs: 3, lastMessage: { _id: 'kept' } });
    const [[rid, event, [payload]]] = w.named('notifyRoom') as Array<[string, string, unknown[]]>;
    expect([rid, event]).toEqual(['r1', 'deleteMessageBulk']);
    expect(payload).toMatchObject({
      rid: 'r1',
      excludePinned: false,
      ignoreDiscussion: true,
      users: [],
      ts: { $gte: window.oldest, $lte: window.latest },
    });
  });

  it('with filesOnly, keeps the messages, saying their file was removed, and answers the number of files', async () => {
    const w = world();
    await expect(w.service.clean(admin, 'r1', { ...window, filesOnly: true })).resolves.toBe(1);
    expect(w.calls).toContainEqual(['mark', ['withFile'], FILE_REMOVED_BY_PRUNE]);
    expect(w.named('notifyRoom')).toEqual([]);
  });

  it('answers 0 for a window that ends before it starts', async () => {
    const w = world();
    await expect(w.service.clean(admin, 'r1', { ...window, oldest: window.latest, latest: window.oldest })).resolves.toBe(0);
    expect(w.calls).toEqual([]);
  });
});
