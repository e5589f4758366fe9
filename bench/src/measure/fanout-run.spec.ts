import { describe, expect, it } from '@jest/globals';
import type { FanoutClient } from '../clients/fanout-client.js';
import { runFanout, type FanoutRoom } from './fanout-run.js';

/** An in-memory room: a post reaches every other member on the next turn. */
function room(id: string, size: number): FanoutRoom {
  const members: FanoutClient[] = [];
  for (let i = 0; i < size; i++) {
    members.push({
      onMessage: () => undefined,
      watch: () => Promise.resolve(),
      close: () => undefined,
      post: (_room, messageId) =>
        new Promise((resolve) =>
          setImmediate(() => {
            for (const member of members) member.onMessage(messageId);
            resolve();
          }),
        ),
    });
  }
  return { id, members };
}

describe('runFanout', () => {
  it('measures only what follows the lead-in, and checks every post for loss', async () => {
    const rooms = [room('a', 3), room('b', 3)];
    const result = await runFanout(rooms, 100, 0.2, 't', 1, 0.1);
    expect(result.sent).toBe(30);
    expect(result.acknowledged).toBe(30);
    expect(result.delivered).toBe(60); // two other members a post
    expect(result.lost).toBe(0);
    expect(result.leadInMs?.count).toBe(20); // the lead-in's 10 posts
    expect(result.latencyMs.count).toBe(40);
    expect(result.ackMs.count).toBe(20);
  });

  it('has no lead-in figures without a lead-in', async () => {
    const result = await runFanout([room('a', 2)], 100, 0.1, 'u');
    expect(result.sent).toBe(10);
    expect(result.latencyMs.count).toBe(10);
    expect(result).not.toHaveProperty('leadInMs');
  });
});
