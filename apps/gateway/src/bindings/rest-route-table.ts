import type { RestBinding, RestRoot } from '@rc/contracts';
import { match, type MatchFunction } from 'path-to-regexp';

export interface MatchedRoute {
  binding: RestBinding;
  params: Record<string, string>;
}

/**
 * The bound REST routes by method, root (`/api/v1/`, `/api/apps/`) and path below it: plain paths in a map (nearly all of Rocket.Chat's),
 * paths with `:params` tried in order. A route bound twice is a mistake caught at start-up.
 */
export class RestRouteTable {
  private readonly plain = new Map<string, RestBinding>();
  private readonly patterns: Array<{ key: string; binding: RestBinding; match: MatchFunction<Record<string, string>> }> = [];

  constructor(bindings: readonly RestBinding[]) {
    const seen = new Set<string>();
    for (const binding of bindings) {
      const key = `${binding.method} /api/${binding.root}/${binding.path}`;
      if (seen.has(key)) throw new Error(`REST route ${key} is bound twice`);
      seen.add(key);
      if (binding.path.includes(':')) {
        this.patterns.push({
          key: `${binding.method} ${binding.root}`,
          binding,
          match: match(binding.path, { decode: decodeURIComponent }),
        });
      } else {
        this.plain.set(key, binding);
      }
    }
  }

  /** The route bound for `method` at `path` below `/api/<root>/`. */
  match(method: string, path: string, root: RestRoot = 'v1'): MatchedRoute | undefined {
    const binding = this.plain.get(`${method} /api/${root}/${path}`);
    if (binding) return { binding, params: {} };
    for (const pattern of this.patterns) {
      if (pattern.key !== `${method} ${root}`) continue;
      const matched = pattern.match(path);
      if (matched) return { binding: pattern.binding, params: matched.params };
    }
    return undefined;
  }
}
