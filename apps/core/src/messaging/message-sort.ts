import { DomainError, ErrorCode } from '@rc/contracts';
import type { SortOrder } from 'mongoose';

/** Fields a message list may be sorted by (anything else is refused, never passed to the database). */
const MESSAGE_SORT_FIELDS = new Set(['ts', '_updatedAt', 'tlm', 'tcount']);

/** The client's `sort`, checked, or the list's own order. */
export function messageSort(sort: Record<string, 1 | -1> | undefined, fallback: Record<string, SortOrder>): Record<string, SortOrder> {
  if (!sort || Object.keys(sort).length === 0) return fallback;
  for (const field of Object.keys(sort)) {
    if (!MESSAGE_SORT_FIELDS.has(field)) throw new DomainError(ErrorCode.InvalidSort, `Invalid sort field: ${field}`);
  }
  return sort;
}
