import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { repoRoot } from '@rc/local-stack';
import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The Grafana dashboard may only query metrics some app registers, so a renamed metric cannot leave a panel
 * silently empty. Registered names are read from the source (every `new Gauge/Counter/Histogram({ name })` and
 * `metrics.histogram|counter('name', …)`) plus prom-client's default process metrics.
 */
const dashboard = JSON.parse(readFileSync(join(repoRoot, 'docker/grafana/rocket-nest-dashboard.json'), 'utf8')) as {
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
};

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });

function registeredMetrics(): Map<string, string> {
  const names = new Map<string, string>();
  for (const file of [...sourceFiles(join(repoRoot, 'apps')), ...sourceFiles(join(repoRoot, 'libs'))]) {
    const text = readFileSync(file, 'utf8');
    const patterns = [/\.(?:histogram|counter)\(\s*'([a-z_:][a-z0-9_:]*)'/g];
    if (text.includes("from 'prom-client'")) patterns.push(/\bname:\s*'([a-z_:][a-z0-9_:]*)'/g);
    for (const pattern of patterns) for (const [, name] of text.matchAll(pattern)) names.set(name, relative(repoRoot, file));
  }
  const defaults = new Registry();
  collectDefaultMetrics({ register: defaults });
  for (const metric of defaults.getMetricsAsArray()) names.set(metric.name, 'prom-client default metrics');
  return names;
}

const PROMQL_WORDS = new Set(
  'sum min max avg count stddev stdvar topk bottomk quantile count_values by without on ignoring group_left group_right and or unless bool offset rate irate increase delta idelta deriv histogram_quantile abs ceil floor round clamp_min clamp_max label_replace label_join vector scalar time sort sort_desc absent'.split(
    ' ',
  ),
);

/** The metric names a PromQL expression reads (histogram series named by their base metric). */
function queriedMetrics(expr: string): string[] {
  const bare = expr
    .replace(/"[^"]*"/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without)\s*\([^)]*\)/g, '');
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .map(([word]) => word)
    .filter((word) => !PROMQL_WORDS.has(word) && !/^\d/.test(word))
    .map((word) => word.replace(/_(bucket|count|sum)$/, ''));
}

describe('Grafana dashboard', () => {
  const registered = registeredMetrics();
  const queries = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));

  it('finds the metrics the apps register (the source scan still works)', () => {
    for (const name of [
      'rpc_server_duration_seconds',
      'db_command_duration_seconds',
      'ddp_connections',
      'ddp_subscriptions',
      'presence_users',
    ]) {
      expect(registered.has(name)).toBe(true);
    }
    expect(registered.has('process_cpu_seconds_total')).toBe(true);
  });

  it('has panels for requests, DDP, NATS, MongoDB and presence', () => {
    expect(queries.length).toBeGreaterThanOrEqual(20);
  });

  it('queries only metrics some app registers', () => {
    const unknown = queries.flatMap(({ panel, expr }) =>
      queriedMetrics(expr)
        .filter((name) => !registered.has(name))
        .map((name) => `${panel}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('reads metric names out of PromQL', () => {
    expect(
      queriedMetrics('histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{app="gateway"}[5m])))'),
    ).toEqual(['http_request_duration_seconds']);
    expect(queriedMetrics('max by (status) (presence_users)')).toEqual(['presence_users']);
  });
});
