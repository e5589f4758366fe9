import { cpus, totalmem } from 'node:os';
import type { BaselineResult } from '../scenarios/baseline.js';
import type { CapacityResult } from '../scenarios/capacity.js';
import type { ChatResult } from '../scenarios/chat-load.js';
import type { LargeRoomResult } from '../scenarios/large-room.js';
import type { LoginStormResult } from '../scenarios/login-storm.js';
import type { SweepResult } from '../scenarios/rate-sweep.js';
import type { TotpLoginResult } from '../scenarios/totp-login.js';
import type { ProfileSummary } from '../measure/cpu-profile.js';
import type { Throttling } from '../measure/cpu-limit.js';
import type { BenchOptions } from '../options.js';
import type { PopulatedResult } from '../populated/populated-run.js';

export interface BenchReport {
  startedAt: string;
  finishedAt?: string;
  parameters: BenchOptions;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; database: string; nats: string };
  /** The configuration users run (populated file database) beside a fresh in-memory one. */
  populated?: PopulatedResult;
  baseline?: BaselineResult;
  chat?: ChatResult;
  scaleout?: ChatResult;
  capacity?: CapacityResult;
  /** One room of many members beside a room of 20, at the same rate (issue 23). */
  largeRoom?: LargeRoomResult;
  login?: LoginStormResult;
  /** TOTP-verified logins per second beside password-only ones. */
  totp?: TotpLoginResult;
  /** The highest delivery rate each setup sustains within the p99 target. */
  sweep?: { baseline?: SweepResult; chat?: SweepResult; scaleout?: SweepResult };
  /**
   * System ÷ baseline: at the same offered rate (deliveries/s, p99), and of the sustained maxima; `scaleOut`, two
   * instances' sustained maximum ÷ one's; `projectedScaleOut`, the same of their thread-bound ceilings (ChatResult
   * `ceilings`: each thread on a core of its own, what this machine cannot give).
   */
  ratios?: { deliveriesPerSecond?: number; p99?: number; maxSustainedDeliveries?: number; scaleOut?: number; projectedScaleOut?: number };
  /** With `--instance-cpu`: how often each capped process waited for its quota, through the one-instance loads and the scaled-out ones. */
  throttling?: { oneInstance?: Throttling[]; scaledOut?: Throttling[] };
  /** CPU profiles of the apps asked for with --profile, over the 1-gateway chat run (else the whole run). */
  profiles?: Record<string, ProfileSummary>;
  /** Scenarios that could not complete, with the reason: reported, never thrown. */
  errors: Array<{ scenario: string; message: string }>;
}

export function newReport(options: BenchOptions): BenchReport {
  return {
    startedAt: new Date().toISOString(),
    parameters: options,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      database: options.mongoUrl
        ? 'external MONGO_URL'
        : options.scenarios.includes('populated')
          ? 'local mongo-java-server (populated H2 file, and fresh in memory)'
          : options.database === 'file'
            ? 'local mongo-java-server (fresh H2 file, redo log, as `npm start`)'
            : 'local mongo-java-server (in memory)',
      nats: options.natsUrl ? 'external NATS_URL' : 'local nats-server',
    },
    errors: [],
  };
}

export function computeRatios(report: BenchReport): void {
  const ratio = (a?: number, b?: number) => (a !== undefined && b ? Math.round((a / b) * 100) / 100 : undefined);
  const base = report.baseline?.fanout;
  const chat = report.chat?.fanout;
  report.ratios = {
    deliveriesPerSecond: ratio(chat?.deliveriesPerSecond, base?.deliveriesPerSecond),
    p99: ratio(chat?.latencyMs.p99, base?.latencyMs.p99),
    maxSustainedDeliveries: ratio(
      report.sweep?.chat?.maxSustainedDeliveriesPerSecond,
      report.sweep?.baseline?.maxSustainedDeliveriesPerSecond,
    ),
    scaleOut: ratio(report.sweep?.scaleout?.maxSustainedDeliveriesPerSecond, report.sweep?.chat?.maxSustainedDeliveriesPerSecond),
    projectedScaleOut: ratio(
      report.scaleout?.ceilings?.threads[0]?.messagesPerSecond,
      report.chat?.ceilings?.threads[0]?.messagesPerSecond,
    ),
  };
}
