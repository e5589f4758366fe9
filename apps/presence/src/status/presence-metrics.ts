import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { MetricsService } from '@rc/platform';
import mongoose, { type Connection } from 'mongoose';
import { Gauge } from 'prom-client';

/** The statuses Rocket.Chat stores in `users.status`. */
const STATUSES = ['online', 'away', 'busy', 'offline'] as const;

const connected = (connection: Connection) => connection.readyState === mongoose.ConnectionStates.connected;

/**
 * Presence counts on `/metrics`, read from MongoDB at scrape time (indexed counts): users by status, and the
 * gateway instances registered in `instances`. Every presence instance reports the same totals, so the
 * dashboard takes their max, not their sum.
 */
@Injectable()
export class PresenceMetrics {
  constructor(metrics: MetricsService, @InjectConnection() connection: Connection) {
    new Gauge({
      name: 'presence_users',
      help: 'Users by status (users.status)',
      labelNames: ['status'],
      registers: [metrics.registry],
      async collect() {
        // While MongoDB is unreachable a count would wait for it and stall the whole scrape: keep the last values.
        if (!connected(connection)) return;
        const users = connection.collection('users');
        const counts = await Promise.all(STATUSES.map((status) => users.countDocuments({ status })));
        STATUSES.forEach((status, i) => this.set({ status }, counts[i]));
      },
    });
    new Gauge({
      name: 'presence_gateway_instances',
      help: 'Gateway instances registered in instances (the dead ones until the sweep removes them)',
      registers: [metrics.registry],
      async collect() {
        if (connected(connection)) this.set(await connection.collection('instances').countDocuments({}));
      },
    });
  }
}
