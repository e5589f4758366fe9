import type { BenchReport } from './bench-report.js';

interface Series {
  name: string;
  color: string;
  points: Array<[number, number]>;
}

const WIDTH = 640;
const HEIGHT = 320;
const PAD = 48;

/** A line chart as inline SVG: no scripts, no external assets. */
function lineChart(title: string, xLabel: string, yLabel: string, series: Series[], xTicks?: Array<[number, string]>): string {
  const all = series.flatMap((s) => s.points);
  if (!all.length) return `<h2>${title}</h2><p>no data</p>`;
  const maxX = Math.max(...all.map((p) => p[0]), 1);
  const maxY = Math.max(...all.map((p) => p[1]), 1) * 1.1;
  const x = (v: number) => PAD + (v / maxX) * (WIDTH - 2 * PAD);
  const y = (v: number) => HEIGHT - PAD - (v / maxY) * (HEIGHT - 2 * PAD);
  const ticksX = xTicks ?? [0, 0.25, 0.5, 0.75, 1].map((f) => [f * maxX, String(Math.round(f * maxX))] as [number, string]);
  const ticksY = [0, 0.25, 0.5, 0.75, 1].map((f) => f * maxY);
  const paths = series
    .map((s) => {
      const d = s.points.map(([px, py], i) => `${i ? 'L' : 'M'}${x(px).toFixed(1)},${y(py).toFixed(1)}`).join(' ');
      return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`;
    })
    .join('');
  const legend = series
    .map((s, i) => `<text x="${PAD + 10}" y="${PAD + 16 * i}" fill="${s.color}" font-size="12">■ ${s.name}</text>`)
    .join('');
  return `<h2>${title}</h2>
<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif">
<rect width="100%" height="100%" fill="#fff"/>
<line x1="${PAD}" y1="${HEIGHT - PAD}" x2="${WIDTH - PAD}" y2="${HEIGHT - PAD}" stroke="#333"/>
<line x1="${PAD}" y1="${PAD}" x2="${PAD}" y2="${HEIGHT - PAD}" stroke="#333"/>
${ticksX.map(([v, label]) => `<text x="${x(v)}" y="${HEIGHT - PAD + 16}" font-size="11" text-anchor="middle">${label}</text>`).join('')}
${ticksY.map((v) => `<text x="${PAD - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end">${v < 10 ? v.toFixed(1) : Math.round(v)}</text><line x1="${PAD}" x2="${WIDTH - PAD}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`).join('')}
<text x="${WIDTH / 2}" y="${HEIGHT - 8}" font-size="12" text-anchor="middle">${xLabel}</text>
<text x="14" y="${HEIGHT / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${HEIGHT / 2})">${yLabel}</text>
${paths}${legend}
</svg>`;
}

/** Percentiles on an even scale (p50, p90, p99, … spread out) so the tail is readable. */
const PERCENTILE_POSITION: Record<number, number> = { 0: 0, 10: 1, 25: 2, 50: 3, 75: 4, 90: 5, 95: 6, 99: 7, 99.5: 8, 99.9: 9, 100: 10 };

export function toChartHtml(report: BenchReport): string {
  const runs = [
    { name: 'baseline relay', color: '#888', fanout: report.baseline?.fanout },
    { name: 'chat, 1 gateway', color: '#d33', fanout: report.chat?.fanout },
    { name: 'chat, scaled out', color: '#36c', fanout: report.scaleout?.fanout },
  ].filter((r) => r.fanout);
  const latency = lineChart(
    'Send → receive latency by percentile',
    'percentile',
    'ms',
    runs.map((r) => ({ name: r.name, color: r.color, points: r.fanout!.distribution.map(([p, ms]) => [PERCENTILE_POSITION[p] ?? p, ms]) })),
    Object.entries(PERCENTILE_POSITION).map(([p, pos]) => [pos, `p${p}`]),
  );
  const throughput = lineChart(
    'Deliveries per second over the run',
    'seconds',
    'deliveries/s',
    runs.map((r) => ({ name: r.name, color: r.color, points: r.fanout!.deliveriesTimeline })),
  );
  const palette = ['#d33', '#36c', '#2a2', '#e90', '#90c', '#088'];
  const busiest = (report.chat?.cpuTimeline ?? [])
    .map((process) => ({ process, total: process.cpuMs.reduce((x, y) => x + y, 0) }))
    .sort((a, b) => b.total - a.total)
    .slice(0, palette.length)
    .map(({ process }) => process);
  const cpu = lineChart(
    'CPU by process, each second of the 1-gateway chat run',
    'seconds',
    'CPU ms',
    busiest.map((p, i) => ({ name: p.name, color: palette[i], points: p.cpuMs.map((ms, s) => [s + 1, ms] as [number, number]) })),
  );
  return `<!doctype html><html><head><meta charset="utf-8"><title>rocket-nest benchmark ${report.startedAt}</title></head>
<body style="font-family:sans-serif;max-width:720px;margin:2em auto">
<h1>rocket-nest benchmark</h1><p>${report.startedAt} — ${report.parameters.users} users, ${report.parameters.rooms} rooms, ${report.parameters.rate} msgs/s</p>
${latency}${throughput}${cpu}</body></html>`;
}
