import { describe, expect, it } from '@jest/globals';
import type { IRoom } from '@rc/contracts';
import { coreWorld } from '../testing/core-world.js';

function world() {
  return coreWorld({
    users: [
      { _id: 'alice', username: 'alice' },
      { _id: 'bob', username: 'bob', name: 'Bob B' },
    ],
    rooms: [
      { _id: 'general', t: 'c', name: 'general' },
      { _id: 'secret', t: 'p', name: 'secret' },
      { _id: 'dm', t: 'd', name: 'dm' },
    ],
  });
}
const general = { _id: 'general', t: 'c', name: 'general' } as IRoom;

describe('MessageComposer.compose', () => {
  it('resolves @username mentions to users (unknown names are dropped) and #name to channels and groups', async () => {
    const w = world();
    const composed = await w.composer.compose('hi @bob @ghost see #secret and #dm', 'alice', general);
    expect(composed.mentions).toEqual([{ _id: 'bob', username: 'bob', name: 'Bob B', type: 'user' }]);
    expect(composed.channels).toEqual([{ _id: 'secret', name: 'secret' }]);
    expect(composed.md.length).toBeGreaterThan(0);
  });

  it('needs mention-all for @all and mention-here for @here, in the room', async () => {
    const w = world();
    await expect(w.composer.compose('@here', 'alice', general)).rejects.toMatchObject({
      code: 'error-action-not-allowed',
      details: { action: 'Notify_all_in_this_room' },
    });
    w.fakeAccess.grant('alice', 'mention-here', 'general');
    await expect(w.composer.compose('@here', 'alice', general)).resolves.toMatchObject({ mentions: [{ _id: 'here', username: 'here' }] });
    await expect(w.composer.compose('@all', 'alice', general)).rejects.toMatchObject({ code: 'error-action-not-allowed' });
  });

  it('lists the URLs unless parseUrls is off', async () => {
    const w = world();
    await expect(w.composer.compose('see https://example.com/a', 'alice', general)).resolves.toMatchObject({
      urls: [{ url: 'https://example.com/a' }],
    });
    await expect(w.composer.compose('see https://example.com/a', 'alice', general, false)).resolves.toMatchObject({ urls: [] });
  });
});
