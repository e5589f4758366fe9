/**
 * The promise's outcome, or `late()`'s when it has not settled within `ms`. The promise is not cancelled: a caller
 * whose work goes on in the background handles its later failure itself.
 */
export async function within<T, L>(promise: Promise<T>, ms: number, late: () => L | Promise<L>): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  const settled = promise.then((value) => ({ value }));
  try {
    const first = await Promise.race([settled, deadline]);
    return first === 'late' ? await late() : first.value;
  } finally {
    clearTimeout(timer);
  }
}
