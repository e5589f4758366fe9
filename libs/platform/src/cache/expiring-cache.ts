/**
 * Remembers a value read asynchronously for `ttlMs` (0: never), keyed by string. What is held is the read
 * itself, so concurrent asks for one key share one read; a failed read is forgotten (unless something newer
 * already replaced it). Past `maxEntries` it starts again empty rather than grow without bound. Owners drop
 * entries (`delete`, `clear`) when they hear of a change.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string, read: () => Promise<V>): Promise<V> {
    if (this.ttlMs === 0) return read();
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.expires > now) return cached.value;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const entry = { value: read(), expires: now + this.ttlMs };
    this.entries.set(key, entry);
    entry.value.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    return entry.value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
