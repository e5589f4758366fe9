/**
 * A collection held in memory for unit specs: the few MongoDB filter and update operators the repositories
 * use, on dotted paths, so a fake repository can keep the real one's behaviour in a line or two.
 */
export type Doc = { _id: string } & Record<string, unknown>;
type Filter = Record<string, unknown>;
type Update = Record<string, unknown>;

/** Thrown on a second document with the same `_id`, shaped as the driver's duplicate key error. */
export class DuplicateKey extends Error {
  readonly code = 11000;
}

export class InMemoryCollection<T extends { _id: string }> {
  private readonly docs = new Map<string, Doc>();

  constructor(initial: T[] = []) {
    for (const doc of initial) this.docs.set(doc._id, clone(doc));
  }

  insert(doc: T): T {
    if (this.docs.has(doc._id)) throw new DuplicateKey(`E11000 duplicate key: ${doc._id}`);
    this.docs.set(doc._id, clone({ ...doc, _updatedAt: new Date() }));
    return this.get(doc._id)!;
  }

  get(id: string): T | null {
    const doc = this.docs.get(id);
    return doc ? (clone(doc) as unknown as T) : null;
  }

  find(filter: Filter = {}): T[] {
    return [...this.docs.values()].filter((doc) => matches(doc, filter)).map((doc) => clone(doc) as unknown as T);
  }

  findOne(filter: Filter): T | null {
    return this.find(filter)[0] ?? null;
  }

  /** Applies the update to the first match; returns it as it is after, or null. */
  updateOne(filter: Filter, update: Update): T | null {
    const doc = [...this.docs.values()].find((d) => matches(d, filter));
    if (!doc) return null;
    applyUpdate(doc, update);
    return this.get(doc._id);
  }

  updateMany(filter: Filter, update: Update): number {
    const targets = [...this.docs.values()].filter((d) => matches(d, filter));
    for (const doc of targets) applyUpdate(doc, update);
    return targets.length;
  }

  deleteMany(filter: Filter): number {
    const targets = [...this.docs.values()].filter((d) => matches(d, filter));
    for (const doc of targets) this.docs.delete(doc._id);
    return targets.length;
  }

  all(): T[] {
    return this.find();
  }
}

/** A deep copy made in this realm (structuredClone's Dates would fail the specs' `instanceof Date`). */
function clone<V>(value: V): V {
  if (value instanceof Date) return new Date(value.getTime()) as V;
  if (value instanceof RegExp || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clone) as V;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clone(item)])) as V;
}

function valuesAt(doc: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [doc];
  if (Array.isArray(doc)) return doc.flatMap((item) => valuesAt(item, path));
  if (doc === null || typeof doc !== 'object') return [undefined];
  return valuesAt((doc as Record<string, unknown>)[path[0]], path.slice(1));
}

function equals(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/** A value matches when it, or any element of it when it is an array, equals the expected one. */
function has(value: unknown, expected: unknown): boolean {
  if (expected instanceof RegExp) return typeof value === 'string' && expected.test(value);
  return equals(value, expected) || (Array.isArray(value) && value.some((item) => equals(item, expected)));
}

function matchesCondition(values: unknown[], condition: unknown): boolean {
  const isOperator =
    condition !== null &&
    typeof condition === 'object' &&
    !(condition instanceof Date) &&
    !(condition instanceof RegExp) &&
    Object.keys(condition).some((key) => key.startsWith('$'));
  if (!isOperator) return values.some((value) => has(value, condition));
  return Object.entries(condition as Record<string, unknown>).every(([op, arg]) => {
    switch (op) {
      case '$in':
        return (arg as unknown[]).some((expected) => values.some((value) => has(value, expected)));
      case '$nin':
        return !(arg as unknown[]).some((expected) => values.some((value) => has(value, expected)));
      case '$ne':
        return !values.some((value) => has(value, arg));
      case '$exists':
        return values.some((value) => value !== undefined) === arg;
      case '$size':
        return values.some((value) => Array.isArray(value) && value.length === arg);
      case '$all':
        return (arg as unknown[]).every((expected) => values.some((value) => has(value, expected)));
      case '$gt':
        return values.some((value) => value !== undefined && (value as number) > (arg as number));
      case '$lt':
        return values.some((value) => value !== undefined && (value as number) < (arg as number));
      default:
        throw new Error(`in-memory collection: ${op} not supported`);
    }
  });
}

export function matches(doc: unknown, filter: Filter): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$or') return (condition as Filter[]).some((branch) => matches(doc, branch));
    if (key === '$and') return (condition as Filter[]).every((branch) => matches(doc, branch));
    return matchesCondition(valuesAt(doc, key.split('.')), condition);
  });
}

function parentOf(doc: Record<string, unknown>, path: string): [Record<string, unknown>, string] {
  const keys = path.split('.');
  let target = doc;
  for (const key of keys.slice(0, -1)) {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
    target = target[key] as Record<string, unknown>;
  }
  return [target, keys[keys.length - 1]];
}

function arrayAt(doc: Record<string, unknown>, path: string): unknown[] {
  const [parent, key] = parentOf(doc, path);
  if (!Array.isArray(parent[key])) parent[key] = [];
  return parent[key] as unknown[];
}

function applyUpdate(doc: Doc, update: Update): void {
  for (const [op, fields] of Object.entries(update)) {
    for (const [path, arg] of Object.entries(fields as Record<string, unknown>)) {
      const [parent, key] = parentOf(doc, path);
      switch (op) {
        case '$set':
          parent[key] = clone(arg);
          break;
        case '$unset':
          delete parent[key];
          break;
        case '$inc':
          parent[key] = ((parent[key] as number | undefined) ?? 0) + (arg as number);
          break;
        case '$push':
          arrayAt(doc, path).push(clone(arg));
          break;
        case '$addToSet': {
          const list = arrayAt(doc, path);
          const each = arg !== null && typeof arg === 'object' && '$each' in arg ? (arg as { $each: unknown[] }).$each : [arg];
          for (const item of each) if (!list.some((existing) => equals(existing, item))) list.push(clone(item));
          break;
        }
        case '$pull': {
          const list = arrayAt(doc, path);
          const keep = list.filter((item) =>
            arg !== null && typeof arg === 'object' && !('$in' in arg) ? !matches(item, arg as Filter) : !matchesCondition([item], arg),
          );
          list.splice(0, list.length, ...keep);
          break;
        }
        default:
          throw new Error(`in-memory collection: ${op} not supported`);
      }
    }
  }
  doc._updatedAt = new Date();
}
