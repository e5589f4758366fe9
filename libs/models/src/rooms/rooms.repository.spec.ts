import { describe, expect, it } from '@jest/globals';
import type { IMessage, IRoom } from '@rc/contracts';
import type { Model } from 'mongoose';
import { RoomChanges } from './room-changes.js';
import { RoomsRepository } from './rooms.repository.js';

/** The rooms a query of the fake model finds (the ids of a rename or a team's rooms). */
const FOUND = [{ _id: 'found1' }, { _id: 'found2' }];

/**
 * A mongoose model (and its driver collection) that answers every call: chained calls (`lean`, `exec`, `sort`, …)
 * return the chain, awaiting it gives `FOUND` for a `find`, else a document (its first argument). Records the calls.
 */
function fakeModel() {
  const calls: string[] = [];
  const chain = (value: unknown): unknown =>
    new Proxy(() => undefined, {
      get: (_target, prop) => (prop === 'then' ? (resolve: (v: unknown) => void) => resolve(value) : () => chain(value)),
    });
  const model: unknown = new Proxy(
    {},
    {
      get: (_target, prop: string) =>
        prop === 'collection'
          ? model
          : (...args: unknown[]) => {
              calls.push(prop);
              return chain(prop === 'find' ? FOUND : { ...(args[0] as object), modifiedCount: 1, toObject: () => args[0] });
            },
    },
  );
  return { model: model as Model<IRoom>, calls };
}

const message = { _id: 'm1', rid: 'r1', ts: new Date(), msg: 'hi', u: { _id: 'u1', username: 'ann' } } as IMessage;

/** Writers of what a send reads: each announces the rooms it wrote (`rooms.changed`) before it resolves. */
const ANNOUNCING: Record<string, [(rooms: RoomsRepository) => Promise<unknown>, string[]]> = {
  update: [(r) => r.update('r1', { $set: { ro: true } }), ['r1']],
  incUsersCount: [(r) => r.incUsersCount('r1', 1), ['r1']],
  removeMessage: [(r) => r.removeMessage('r1', null), ['r1']],
  unsetTeamOfAllRooms: [(r) => r.unsetTeamOfAllRooms('team'), ['found1', 'found2']],
  setTeam: [(r) => r.setTeam(['r1', 'r2'], 'team'), ['r1', 'r2']],
  unsetTeamOfAll: [(r) => r.unsetTeamOfAll('team'), ['found1', 'found2']],
  renameCreator: [(r) => r.renameCreator('u1', 'anna'), ['found1', 'found2']],
  renameMuted: [(r) => r.renameMuted('ann', 'anna'), ['found1', 'found2']],
  setUsernames: [(r) => r.setUsernames([{ _id: 'd1', usernames: ['anna', 'bob'] }]), ['d1']],
  deleteById: [(r) => r.deleteById('r1'), ['r1']],
};

/**
 * Writers that announce nothing: a new room (no instance holds a room it could not find), a new or edited last
 * message's counters (`msgs`, `lm`, `lastMessage`: no check of a send reads them), and livechat and VoIP rooms
 * (never held).
 */
const SILENT: Record<string, (rooms: RoomsRepository) => Promise<unknown>> = {
  insert: (r) => r.insert({ _id: 'r9', t: 'c', ts: new Date(), msgs: 0, usersCount: 0 }),
  recordMessage: (r) => r.recordMessage(message, true),
  refreshLastMessage: (r) => r.refreshLastMessage(message),
  createVoipRoom: (r) =>
    r.createVoipRoom({
      visitor: { _id: 'v1', username: 'v', token: 't' },
      phone: '1',
      fnameFallback: '1',
      direction: 'inbound',
      callStatus: 'ringing',
    }),
  updateVoipRoom: (r) => r.updateVoipRoom('v1', { callStatus: 'ended' }),
  insertLivechat: (r) => r.insertLivechat({ _id: 'l1', t: 'l', ts: new Date(), msgs: 0, usersCount: 0 } as never),
  setLivechatServedBy: (r) => r.setLivechatServedBy('l1', { _id: 'a1', username: 'agent' }, new Date()),
  requeueLivechat: (r) => r.requeueLivechat('l1', undefined, new Date()),
  releaseLivechatFromAgent: (r) => r.releaseLivechatFromAgent('l1', 'a1', new Date()),
  closeLivechat: (r) =>
    r.closeLivechat('l1', { closer: 'user', closedBy: { _id: 'a1', username: 'agent' }, closedAt: new Date() } as never),
  recordLivechatMessage: (r) => r.recordLivechatMessage({ ...message, rid: 'l1' }, true),
  setLivechatSurvey: (r) => r.setLivechatSurvey('l1', { rating: '5' }),
  setLivechatData: (r) => r.setLivechatData('l1', 'key', 'value'),
  renameLivechat: (r) => r.renameLivechat(['l1'], 'Ann'),
};

function repository() {
  const { model, calls } = fakeModel();
  const changes = new RoomChanges();
  const announced: string[] = [];
  changes.listen((rid) => {
    announced.push(rid);
    calls.push('announce');
  });
  return { rooms: new RoomsRepository(model, changes), calls, announced };
}

describe('RoomsRepository announces its writes (rooms.changed)', () => {
  it.each(Object.keys(ANNOUNCING))('%s announces the rooms it wrote, after writing them', async (name) => {
    const [write, rids] = ANNOUNCING[name];
    const w = repository();
    await write(w.rooms);
    expect(w.announced).toEqual(rids);
    const lastWrite = w.calls.findLastIndex((call) => /update|delete|bulkWrite/i.test(call));
    expect(lastWrite).toBeGreaterThanOrEqual(0);
    expect(lastWrite).toBeLessThan(w.calls.indexOf('announce'));
  });

  it.each(Object.keys(SILENT))('%s announces nothing', async (name) => {
    const w = repository();
    await SILENT[name](w.rooms);
    expect(w.announced).toEqual([]);
    expect(w.calls.some((call) => /update|delete|bulkWrite|create/i.test(call))).toBe(true);
  });

  it('every method that is not a read is in one of the two tables (a new writer must decide)', () => {
    const methods = Object.getOwnPropertyNames(RoomsRepository.prototype).filter(
      (name) => name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(RoomsRepository.prototype, name)?.value === 'function',
    );
    const reads = methods.filter((name) => /^(find|count)|Stats$|Page$/.test(name));
    const helpers = ['renameWhere', 'announce'];
    expect(methods.filter((name) => !reads.includes(name) && !helpers.includes(name)).sort()).toEqual(
      [...Object.keys(ANNOUNCING), ...Object.keys(SILENT)].sort(),
    );
  });
});
