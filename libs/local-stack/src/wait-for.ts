/** Polls `probe` until it returns true; throws with `describe()` after `timeoutMs`. */
export async function waitFor(
  probe: () => Promise<boolean> | boolean,
  {
    timeoutMs = 30_000,
    intervalMs = 100,
    describe = () => 'condition',
  }: {
    timeoutMs?: number;
    intervalMs?: number;
    describe?: () => string;
  } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (
      await Promise.resolve()
        .then(probe)
        .catch(() => false)
    )
      return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
