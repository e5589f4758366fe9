/**
 * The deepest nesting of objects and arrays a client may send (REST bodies, DDP messages). Rocket.Chat's
 * payloads (message attachments, UI kit blocks) stay far below it; a body nested thousands deep only serves to
 * exhaust the stack of whatever walks it next (schema validation in a service), so it is refused at the edge.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests objects or arrays deeper than `limit`; walks without recursion, so any depth is safe. */
export function nestedDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(current)) pending.push({ value: child, depth: depth + 1 });
  }
  return false;
}
