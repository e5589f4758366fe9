import { Injectable } from '@nestjs/common';
import { MetricsService } from '@rc/platform';
import { Gauge } from 'prom-client';
import { SessionRegistry } from '../session/session-registry.js';
import { StreamFanout } from '../streams/stream-fanout.js';

/**
 * The DDP server's gauges on `/metrics`, read at scrape time: open connections (and how many are logged
 * in), and the NATS stream subjects this instance subscribes to for them.
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
      name: 'ddp_stream_subjects',
      help: 'NATS stream subjects subscribed for local DDP subscribers',
      registers: [metrics.registry],
      collect() {
        this.set(fanout.subjectCount);
      },
    });
  }
}
