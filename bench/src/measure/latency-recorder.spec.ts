import { describe, expect, it } from '@jest/globals';
import { LatencyRecorder } from './latency-recorder.js';

describe('LatencyRecorder', () => {
  it('keeps the worst latency and the second it was recorded in', () => {
    const recorder = new LatencyRecorder();
    expect(recorder.slowestSecond()).toBeUndefined();
    for (const ms of [4.2, 130.4567, 9]) recorder.record(ms);
    expect(recorder.slowestSecond()).toEqual({ second: 0, maxMs: 130.457 });
    expect(recorder.summary().count).toBe(3);
  });
});
