import { cursorPage } from './sync-cursor.js';

const row = (ms: number) => ({ at: new Date(ms) });
const stamp = (r: { at: Date }) => r.at;

describe('cursorPage (chat.syncMessages cursors)', () => {
  it('going forward: the page, `next` at its last row while more follow, `previous` at its first', () => {
    const { rows, cursor } = cursorPage([row(1), row(2), row(3)], 2, 'next', stamp);
    expect(rows.map(stamp)).toEqual([new Date(1), new Date(2)]);
    expect(cursor).toEqual({ next: '2', previous: '1' });
  });

  it('going forward to the end: `next` is null', () => {
    expect(cursorPage([row(5), row(6)], 2, 'next', stamp).cursor).toEqual({ next: null, previous: '5' });
  });

  it('going backward (newest first): `next` at the newest row, `previous` at the oldest served while more precede', () => {
    expect(cursorPage([row(9), row(8), row(7)], 2, 'previous', stamp)).toEqual({
      rows: [row(9), row(8)],
      cursor: { next: '9', previous: '8' },
    });
    expect(cursorPage([row(9)], 2, 'previous', stamp).cursor).toEqual({ next: '9', previous: null });
  });

  it('an empty page has no cursors', () => {
    expect(cursorPage([], 2, 'next', stamp)).toEqual({ rows: [], cursor: { next: null, previous: null } });
  });
});
