import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  /** µs of the machine's monotonic clock, as `process.hrtime` in any process (`monotonicUs`). */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A span of the machine's monotonic clock in µs: a measured run, to read the stack's profiles over. */
export interface ClockWindow {
  fromUs: number;
  toUs: number;
}

/** Now on the clock V8's CPU profiles are stamped with, in every process of the machine. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export interface ProfileSummary {
  file: string;
  /** The part of the profile summarised: the measured run's window, or the whole run. */
  window?: ClockWindow;
  totalMs: number;
  /** Self time by function (where the CPU actually was). */
  topFunctions: Array<{ name: string; where: string; selfMs: number; share: number }>;
  /** Self time by package or source folder (node_modules/<pkg>, apps/…, node internals, GC, idle). */
  byModule: Array<{ module: string; selfMs: number; share: number }>;
}

/** Where a script belongs: its npm package, the project folder, or node's own code. */
function moduleOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/dist\/((?:apps|libs)\/[^/]+)/.exec(url);
  if (own) return own[1];
  return url.startsWith('node:') ? 'node internals' : url;
}

/**
 * Summarises the V8 CPU profile (`node --cpu-prof`) written last in `dir`: the samples taken within `window`
 * (a measured run, without the start-up and the population's creation), or all of them.
 */
export function summariseProfile(dir: string, window?: ClockWindow): ProfileSummary | undefined {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort();
  const file = files.at(-1);
  if (!file) return undefined;
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let sampledAt = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    sampledAt += delta;
    if (window && (sampledAt < window.fromUs || sampledAt > window.toUs)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;

  const functions = new Map<string, { name: string; where: string; us: number }>();
  const modules = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = functionName || '(anonymous)';
    const where = url ? `${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    functions.set(key, { name, where, us: (functions.get(key)?.us ?? 0) + us });
    const module = moduleOf(url, name);
    modules.set(module, (modules.get(module) ?? 0) + us);
  }
  const ms = (us: number) => Math.round(us / 100) / 10;
  const share = (us: number) => Math.round((us / totalUs) * 1000) / 10;
  return {
    file: join(dir, file),
    window,
    totalMs: ms(totalUs),
    topFunctions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, 15)
      .map((f) => ({ name: f.name, where: f.where, selfMs: ms(f.us), share: share(f.us) })),
    byModule: [...modules.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([module, us]) => ({ module, selfMs: ms(us), share: share(us) })),
  };
}
