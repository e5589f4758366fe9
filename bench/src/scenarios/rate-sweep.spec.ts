import { describe, expect, it } from '@jest/globals';
import type { FanoutResult } from '../measure/fanout-run.js';
import type { LoadSession } from './load-session.js';
import { LEAD_IN_SECONDS, sweepRates } from './rate-sweep.js';

/** A system whose p99 in ms equals the offered rate, and that loses messages past `lossFrom` msgs/s. */
function session(lossFrom = Infinity, failFrom = Infinity): LoadSession<{ fanout: FanoutResult }> & { rates: number[]; leadIns: number[] } {
  const rates: number[] = [];
  const leadIns: number[] = [];
  return {
    rates,
    leadIns,
    close: () => undefined,
    run: (rate, _seconds, _tag, leadInSeconds) => {
      rates.push(rate);
      leadIns.push(leadInSeconds ?? 0);
      const failed = rate >= failFrom ? ['too busy', 'too busy'] : [];
      const fanout = {
        deliveriesPerSecond: rate * 19,
        latencyMs: { p99: rate },
        leadInMs: { p99: rate * 2 },
        lost: rate >= lossFrom ? 1 : 0,
        errors: failed.length,
        firstErrors: failed,
      };
      return Promise.resolve({ fanout: fanout as unknown as FanoutResult });
    },
  };
}

describe('sweepRates', () => {
  it('doubles until a rate fails, then bisects the gap twice', async () => {
    const s = session();
    const result = await sweepRates(s, 20, 10_000, 1, 100, 'x');
    expect(s.rates).toEqual([20, 40, 80, 160, 120, 100]);
    expect(result.steps.map((step) => step.sustained)).toEqual([true, true, true, false, false, true]);
    expect(result.maxSustainedDeliveriesPerSecond).toBe(100 * 19);
    expect(result.limitFound).toBe(true);
  });

  it('runs every step after a lead-in at its rate, and keeps the lead-in p99 apart from whether the step held', async () => {
    const s = session();
    const result = await sweepRates(s, 20, 40, 1, 100, 'x');
    expect(s.leadIns).toEqual([LEAD_IN_SECONDS, LEAD_IN_SECONDS]);
    expect(result.steps[1]).toMatchObject({ rate: 40, p99: 40, leadInP99: 80, sustained: true });
  });

  it('counts a failed send as a failure, and keeps what the first one answered', async () => {
    const result = await sweepRates(session(Infinity, 30), 20, 10_000, 1, 100, 'x');
    expect(result.maxSustainedDeliveriesPerSecond).toBe(25 * 19);
    expect(result.steps.find((step) => step.rate === 40)).toMatchObject({ errors: 2, firstError: 'too busy', sustained: false });
    expect(result.steps.find((step) => step.rate === 20)).not.toHaveProperty('firstError');
  });

  it('counts a lost delivery as a failure, and stops at the maximum rate', async () => {
    const lossy = session(30);
    expect((await sweepRates(lossy, 20, 10_000, 1, 100, 'x')).maxSustainedDeliveriesPerSecond).toBe(25 * 19);
    expect(lossy.rates).toEqual([20, 40, 30, 25]);

    const capped = session();
    const result = await sweepRates(capped, 20, 50, 1, 100, 'x');
    expect(capped.rates).toEqual([20, 40]);
    expect(result.maxSustainedDeliveriesPerSecond).toBe(40 * 19);
    expect(result.limitFound).toBe(false);
  });

  it('reports nothing sustained when the first rate fails', async () => {
    const s = session();
    const result = await sweepRates(s, 200, 10_000, 1, 100, 'x');
    expect(s.rates).toEqual([200]);
    expect(result.maxSustainedDeliveriesPerSecond).toBe(0);
  });
});
