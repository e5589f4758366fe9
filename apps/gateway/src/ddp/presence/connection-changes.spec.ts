import { describe, expect, it } from '@jest/globals';
import { ConnectionChanges } from './connection-changes.js';

const nothing = { added: [], removed: [] };

describe('ConnectionChanges', () => {
  it('reports logins, then closes, each once', () => {
    const changes = new ConnectionChanges();
    changes.login('c1', 'alice');
    changes.login('c2', 'bob');
    expect(changes.pending).toBe(2);
    expect(changes.take(100)).toEqual({
      added: [
        { userId: 'alice', connectionId: 'c1' },
        { userId: 'bob', connectionId: 'c2' },
      ],
      removed: [],
    });
    expect(changes.pending).toBe(0);
    expect(changes.take(100)).toEqual(nothing);

    changes.logout('c1');
    expect(changes.take(100)).toEqual({ added: [], removed: [{ userId: 'alice', connectionId: 'c1' }] });
    // A close after the logout was reported: nothing more to say.
    changes.logout('c1');
    expect(changes.pending).toBe(0);
  });

  it('says nothing about a connection that comes and goes between two batches', () => {
    const changes = new ConnectionChanges();
    changes.login('c1', 'alice');
    changes.logout('c1');
    changes.login('c2', 'bob');
    expect(changes.take(100)).toEqual({ added: [{ userId: 'bob', connectionId: 'c2' }], removed: [] });

    // A reported connection that logs out and in again as the same user is still what presence holds.
    changes.logout('c2');
    changes.login('c2', 'bob');
    expect(changes.take(100)).toEqual(nothing);
  });

  it('ignores connections that never logged in', () => {
    const changes = new ConnectionChanges();
    changes.logout('anonymous');
    expect(changes.pending).toBe(0);
  });

  it('keeps only the latest word: a connection that changed user is moved', () => {
    const changes = new ConnectionChanges();
    changes.login('c1', 'alice');
    changes.take(100);
    changes.login('c1', 'bob');
    changes.login('c1', 'carol');
    expect(changes.take(100)).toEqual({
      added: [{ userId: 'carol', connectionId: 'c1' }],
      removed: [{ userId: 'alice', connectionId: 'c1' }],
    });
  });

  it('says a failed batch again, as things stand now', () => {
    const changes = new ConnectionChanges();
    changes.login('c1', 'alice');
    changes.login('c2', 'bob');
    changes.login('c3', 'carol');
    changes.take(100);
    changes.logout('c3');
    const lost = changes.take(100);
    expect(lost).toEqual({ added: [], removed: [{ userId: 'carol', connectionId: 'c3' }] });
    changes.failed(lost);
    expect(changes.take(100)).toEqual(lost);

    // A login that may not have arrived, and meanwhile the connection closed: presence is told it went.
    changes.login('c4', 'dave');
    const unsure = changes.take(100);
    changes.failed(unsure);
    changes.logout('c4');
    expect(changes.take(100)).toEqual({ added: [], removed: [{ userId: 'dave', connectionId: 'c4' }] });

    // A login that may not have arrived, the connection still open: said again.
    changes.login('c5', 'erin');
    const again = changes.take(100);
    changes.failed(again);
    expect(changes.take(100)).toEqual(again);
    expect(changes.take(100)).toEqual(nothing);
  });

  it('reports every logged-in connection again when presence lost track of the instance', () => {
    const changes = new ConnectionChanges();
    changes.login('c1', 'alice');
    changes.login('c2', 'bob');
    changes.take(100);
    changes.logout('c2');
    changes.take(100);
    changes.reportAllAgain();
    expect(changes.take(100)).toEqual({ added: [{ userId: 'alice', connectionId: 'c1' }], removed: [] });
  });

  it('splits into batches of at most the given size, the rest waiting', () => {
    const changes = new ConnectionChanges();
    for (let i = 0; i < 5; i++) changes.login(`c${i}`, `user${i}`);
    expect(changes.take(2).added).toHaveLength(2);
    expect(changes.pending).toBe(3);
    expect(changes.take(2).added).toHaveLength(2);
    expect(changes.take(2).added).toEqual([{ userId: 'user4', connectionId: 'c4' }]);
    expect(changes.pending).toBe(0);
  });
});
