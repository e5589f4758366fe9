import { Injectable } from '@nestjs/common';
import { MetricsService } from '@rc/platform';
import { Gauge } from 'prom-client';
import { SessionRegistry } from '../session/session-registry.js';
import { StreamFanout } from '../streams/stream-fanout.js';

/**
 * The DDP server's gauges on `/metrics`, read at scrape time: open connections (and how many are logged
 * in), subscriptions by publication (stream) name, and the NATS stream subjects this instance subscribes to
 * for them.
 */
@Injectable()
export class DdpMetrics {
  constructor(metrics: MetricsService, sessions: SessionRegistry, fanout: StreamFanout) {
    new Gauge({
      name: 'ddp_connections',
      help: 'Open DDP connections',
      labelNames: ['logged_in'],
      registers: [metrics.registry],
      collect() {
        const all = sessions.all();
        const loggedIn = all.filter((s) => s.user).length;
        this.set({ logged_in: 'true' }, loggedIn);
        this.set({ logged_in: 'false' }, all.length - loggedIn);
      },
    });
    new Gauge({
      name: 'ddp_subscriptions',
      help: 'Live DDP subscriptions, by publication (stream) name',
      labelNames: ['publication'],
      registers: [metrics.registry],
      collect() {
        const counts = new Map<string, number>();
        for (const session of sessions.all()) {
          for (const name of session.subscriptionNames()) counts.set(name, (counts.get(name) ?? 0) + 1);
        }
        // A publication nobody subscribes to any more reads 0 instead of keeping its last count.
        this.reset();
        for (const [publication, count] of counts) this.set({ publication }, count);
      },
    });
    new Gauge({
      name: 'ddp_stream_subjects',
      help: 'NATS stream subjects subscribed for local DDP subscribers',
      registers: [metrics.registry],
      collect() {
        this.set(fanout.subjectCount);
      },
    });
  }
}
