import { describe, expect, it } from '@jest/globals';
import type { Actor, IMessage } from '@rc/contracts';
import type { HistoryQuery, MessagesRepository } from '@rc/models';
import { asReal, coreWorld, storedMessage } from '../testing/core-world.js';
import { MessagePagesService } from './message-pages.service.js';

const bob = { userId: 'bob' } as Actor;

/** A room of ten messages m1…m10 a second apart, read through the two history queries the service uses. */
function pagesOf(count = 10) {
  const room = Array.from({ length: count }, (_, i) => storedMessage({ _id: `m${i + 1}`, rid: 'r', ts: new Date(1000 * (i + 1)) }));
  const before = (q: HistoryQuery) =>
    room
      .filter((m) => !q.before || m.ts < q.before)
      .reverse()
      .slice(0, q.limit);
  const after = (q: Omit<HistoryQuery, 'before'>) => room.filter((m) => !q.after || m.ts > q.after).slice(0, q.limit);
  const messages = {
    findById: (id: string) => Promise.resolve(room.find((m) => m._id === id) ?? null),
    findHistory: (q: HistoryQuery) => Promise.resolve(before(q)),
    findAfter: (q: Omit<HistoryQuery, 'before'>) => Promise.resolve(after(q)),
  };
  const w = coreWorld();
  return { w, service: new MessagePagesService(asReal<MessagesRepository>(messages), w.access, w.settings) };
}
const ids = (messages: IMessage[]) => messages.map((m) => m._id);

describe('MessagePagesService.surrounding', () => {
  it('puts the message in the middle: half the rest before it (rounded up), half after, oldest first', async () => {
    const { service } = pagesOf();
    const page = await service.surrounding(bob, 'm5', 4);
    expect(page && ids(page.messages)).toEqual(['m3', 'm4', 'm5', 'm6']);
    expect(page).toMatchObject({ moreBefore: true, moreAfter: true });
  });

  it('says there is no more before the first message nor after the last', async () => {
    const { service } = pagesOf();
    await expect(service.surrounding(bob, 'm1', 5)).resolves.toMatchObject({ moreBefore: false, moreAfter: true });
    const last = await service.surrounding(bob, 'm10', 5);
    expect(last && ids(last.messages)).toEqual(['m8', 'm9', 'm10']);
    expect(last).toMatchObject({ moreBefore: true, moreAfter: false });
  });

  it('answers false for an unknown message or an unreadable room', async () => {
    const { w, service } = pagesOf();
    await expect(service.surrounding(bob, 'nope', 5)).resolves.toBe(false);
    await expect(service.surrounding(bob, undefined, 5)).resolves.toBe(false);
    w.fakeAccess.canAccess = () => false;
    await expect(service.surrounding(bob, 'm5', 5)).resolves.toBe(false);
  });
});
