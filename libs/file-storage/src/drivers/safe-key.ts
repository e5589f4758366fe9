/** Keys are upload ids (Meteor ids, thumbnails' too): nothing that could name another path or object. */
export function assertSafeKey(key: string): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(key)) throw new Error(`unsafe storage key: ${JSON.stringify(key)}`);
}
