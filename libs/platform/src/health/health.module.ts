import { Global, Module } from '@nestjs/common';
import { MetricsController } from '../metrics/metrics.controller.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { HealthController } from './health.controller.js';
import { ReadinessService } from './readiness.service.js';

/** Operational endpoints of every app: `/health`, `/ready`, `/metrics`. */
@Global()
@Module({
  controllers: [HealthController, MetricsController],
  providers: [ReadinessService, MetricsService],
  exports: [ReadinessService, MetricsService],
})
export class HealthModule {}
