import type { FanoutResult } from '../measure/fanout-run.js';
import { describeStall, type RunSamples, type RunStall } from '../measure/step-stall.js';
import type { WakeCost } from '../measure/wake-cost.js';
import type { LoadSession } from './load-session.js';

export interface SweepStep {
  rate: number;
  deliveriesPerSecond: number;
  p99: number;
  /** The p99 of the lead-in's deliveries (the rise from idle), not part of whether the step held. */
  leadInP99?: number;
  lost: number;
  errors: number;
  /** What the first failed send answered, when one failed. */
  firstError?: string;
  sustained: boolean;
  /** The step's slowest second: what a failed step's p99 came from. */
  stall?: RunStall;
  /** What a wake-up cost the machine just before the step. */
  wakeCost?: WakeCost[];
}

export interface SweepResult {
  p99TargetMs: number;
  steps: SweepStep[];
  /** The highest delivery rate measured with p99 within the target, nothing lost and no error. */
  maxSustainedDeliveriesPerSecond: number;
  /** Whether some rate failed; if none did, the maximum is only a lower bound (the sweep's top rate held). */
  limitFound: boolean;
}

/**
 * Each step first runs this long at its rate, unmeasured: the steps start from an idle stack (the previous step's
 * drain and counters read in between), and on this machine the first second of load after idle costs core's socket
 * writes 2-3 times a steady second's (their wake-ups of idle cores), which put the slowest second of most steps
 * at their start. The lead-in's own p99 is kept beside the step's (`leadInP99`).
 */
export const LEAD_IN_SECONDS = 2;

/** Halvings of the gap between the last rate that held and the first that did not. */
const REFINE_STEPS = 2;

/**
 * Doubles the message rate, from `start`, until p99 exceeds the target, a delivery is lost or a send fails (or
 * `maxRate` is passed), each step measured after its LEAD_IN_SECONDS; then narrows the gap between the last rate that
 * held and the first that did not by bisection: the highest rate that held is what the setup sustains at that p99.
 */
export async function sweepRates<R extends { fanout: FanoutResult; wakeCost?: WakeCost[] } & RunSamples>(
  session: LoadSession<R>,
  start: number,
  maxRate: number,
  seconds: number,
  p99TargetMs: number,
  tag: string,
): Promise<SweepResult> {
  const steps: SweepStep[] = [];
  const step = async (rate: number): Promise<boolean> => {
    const { fanout, ...run } = await session.run(rate, seconds, `${tag}${rate}x`, LEAD_IN_SECONDS);
    const sustained = fanout.latencyMs.p99 <= p99TargetMs && fanout.lost === 0 && fanout.errors === 0;
    steps.push({
      rate,
      deliveriesPerSecond: fanout.deliveriesPerSecond,
      p99: fanout.latencyMs.p99,
      ...(fanout.leadInMs && { leadInP99: fanout.leadInMs.p99 }),
      lost: fanout.lost,
      errors: fanout.errors,
      ...(fanout.firstErrors?.length && { firstError: fanout.firstErrors[0] }),
      sustained,
      stall: describeStall(fanout.slowestSecond, run),
      ...(run.wakeCost && { wakeCost: run.wakeCost }),
    });
    return sustained;
  };
  let held = 0;
  let failed = 0;
  for (let rate = start; rate <= maxRate; rate *= 2) {
    if (!(await step(rate))) {
      failed = rate;
      break;
    }
    held = rate;
  }
  for (let i = 0; i < REFINE_STEPS && held > 0 && failed > 0; i++) {
    const middle = Math.round((held + failed) / 2);
    if (middle === held || middle === failed) break;
    if (await step(middle)) held = middle;
    else failed = middle;
  }
  const sustainedSteps = steps.filter((s) => s.sustained);
  return {
    p99TargetMs,
    steps,
    maxSustainedDeliveriesPerSecond: Math.max(0, ...sustainedSteps.map((s) => s.deliveriesPerSecond)),
    limitFound: failed > 0,
  };
}
