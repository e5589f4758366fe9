/**
 * Where the time goes, from the apps' Prometheus metrics: the histograms' `_sum` and `_count` are scraped
 * before and after a run, and the difference gives, per app and per subject or database command, how many
 * calls there were and their mean duration.
 */
export interface ComponentTiming {
  app: string;
  metric: 'rpc_server' | 'rpc_client' | 'db_command';
  what: string;
  count: number;
  meanMs: number;
  totalSeconds: number;
}

type Sample = Map<string, { sum: number; count: number; app: string; metric: ComponentTiming['metric']; what: string }>;

const LINE = /^(rpc_server|rpc_client|db_command)_duration_seconds_(sum|count)\{([^}]*)\} ([0-9.e+-]+)$/;

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[match[1]] = match[2];
  return labels;
}

export function parseTimings(exposition: string): Sample {
  const sample: Sample = new Map();
  for (const line of exposition.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const [, metric, kind, labelText, value] = match;
    const labels = parseLabels(labelText);
    const what = metric === 'db_command' ? `${labels.command} ${labels.collection}`.trim() : labels.subject;
    const key = `${labels.instance}|${metric}|${what}|${labels.outcome ?? ''}`;
    const entry = sample.get(key) ?? { sum: 0, count: 0, app: labels.app, metric: metric as ComponentTiming['metric'], what };
    if (kind === 'sum') entry.sum = Number(value);
    else entry.count = Number(value);
    sample.set(key, entry);
  }
  return sample;
}

export async function scrape(urls: string[]): Promise<Sample> {
  const merged: Sample = new Map();
  for (const url of urls) {
    const text = await fetch(`${url}/metrics`)
      .then((r) => r.text())
      .catch(() => '');
    for (const [k, v] of parseTimings(text)) merged.set(k, v);
  }
  return merged;
}

/** Per app, metric and subject/command: the calls made between two scrapes, summed over instances. */
export function difference(before: Sample, after: Sample): ComponentTiming[] {
  const totals = new Map<string, ComponentTiming>();
  for (const [key, end] of after) {
    const start = before.get(key) ?? { sum: 0, count: 0 };
    const count = end.count - start.count;
    if (count <= 0) continue;
    const id = `${end.app}|${end.metric}|${end.what}`;
    const total = totals.get(id) ?? { app: end.app, metric: end.metric, what: end.what, count: 0, meanMs: 0, totalSeconds: 0 };
    total.count += count;
    total.totalSeconds += end.sum - start.sum;
    totals.set(id, total);
  }
  return [...totals.values()]
    .map((t) => ({ ...t, meanMs: round((t.totalSeconds / t.count) * 1000), totalSeconds: round(t.totalSeconds) }))
    .sort((a, b) => b.totalSeconds - a.totalSeconds);
}

const round = (n: number) => Math.round(n * 1000) / 1000;
