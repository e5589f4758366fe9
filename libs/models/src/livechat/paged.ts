/** One page of a listing and the total matching. */
export interface Paged<T> {
  items: T[];
  total: number;
}
