import * as hdr from 'hdr-histogram-js';

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Latencies in milliseconds (HDR histogram, microsecond resolution), a per-second count of events, and when the worst was. */
export class LatencyRecorder {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });
  private readonly perSecond = new Map<number, number>();
  private slowest?: { second: number; maxMs: number };
  private readonly origin = Date.now();

  record(latencyMs: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(latencyMs * 1000)));
    const second = Math.floor((Date.now() - this.origin) / 1000);
    this.perSecond.set(second, (this.perSecond.get(second) ?? 0) + 1);
    if (!this.slowest || latencyMs > this.slowest.maxMs) this.slowest = { second, maxMs: latencyMs };
  }

  summary(): LatencySummary {
    const ms = (us: number) => Math.round(us) / 1000;
    return {
      count: this.histogram.totalCount,
      p50: ms(this.histogram.getValueAtPercentile(50)),
      p90: ms(this.histogram.getValueAtPercentile(90)),
      p99: ms(this.histogram.getValueAtPercentile(99)),
      max: ms(this.histogram.maxValue),
      mean: ms(this.histogram.mean),
    };
  }

  /** Percentile curve for charts: [[percentile, ms], …]. */
  distribution(): Array<[number, number]> {
    const points = [0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100];
    return points.map((p) => [p, Math.round(this.histogram.getValueAtPercentile(p)) / 1000]);
  }

  /** Events per second over the run: [[second, count], …]. */
  timeline(): Array<[number, number]> {
    return [...this.perSecond.entries()].sort((a, b) => a[0] - b[0]);
  }

  /** The second (counted from the recorder's creation) in which the worst latency was recorded, and that latency. */
  slowestSecond(): { second: number; maxMs: number } | undefined {
    return this.slowest && { second: this.slowest.second, maxMs: Math.round(this.slowest.maxMs * 1000) / 1000 };
  }
}
