/**
 * Rocket.Chat 7.1's cursor paging of `chat.syncMessages` (its `handleCursorPagination`): a page is read with one
 * row more than asked, to tell whether another follows. A cursor is the epoch milliseconds of a row's stamp
 * (`_updatedAt` of a changed message, `_deletedAt` of a deleted one); `null` where nothing lies beyond.
 */
export interface CursorPage<T> {
  rows: T[];
  cursor: { next: string | null; previous: string | null };
}

/** Cuts the rows read (at most `count + 1`, in the order read) to the page and the cursors around it. */
export function cursorPage<T>(rows: T[], count: number, direction: 'next' | 'previous', stamp: (row: T) => Date): CursorPage<T> {
  const at = (row: T | undefined) => (row === undefined ? null : String(stamp(row).getTime()));
  const more = rows.length > count;
  const page = more ? rows.slice(0, count) : rows;
  // Going forward, `next` is the last row served while more follow and `previous` the first one; going
  // backward (newest first) the roles swap.
  const edge = more ? at(page[page.length - 1]) : null;
  const first = at(page[0]);
  return { rows: page, cursor: direction === 'next' ? { next: edge, previous: first } : { next: first, previous: edge } };
}
