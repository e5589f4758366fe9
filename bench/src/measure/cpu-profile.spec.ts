import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseProfile } from './cpu-profile.js';

const dir = mkdtempSync(join(tmpdir(), 'cpu-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A profile of a start-up (`boot`, 3 samples of 1 ms) then a load (`send`, 2 samples), starting at 1,000 µs. */
writeFileSync(
  join(dir, 'CPU.1.cpuprofile'),
  JSON.stringify({
    startTime: 1_000,
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 3] },
      { id: 2, callFrame: { functionName: 'boot', url: 'file:///x/dist/apps/core/src/main.js', lineNumber: 9 } },
      { id: 3, callFrame: { functionName: 'send', url: 'file:///x/node_modules/mongodb/lib/x.js', lineNumber: 0 } },
    ],
    samples: [2, 2, 2, 3, 3],
    timeDeltas: [1_000, 1_000, 1_000, 1_000, 1_000],
  }),
);

describe('summariseProfile', () => {
  it('counts every sample without a window', () => {
    const summary = summariseProfile(dir)!;
    expect(summary.totalMs).toBe(5);
    expect(summary.topFunctions.map((f) => [f.name, f.selfMs])).toEqual([
      ['boot', 3],
      ['send', 2],
    ]);
  });

  it('counts only the samples taken within the window (the measured run)', () => {
    // Samples are stamped 2,000 … 6,000 µs: the load's are the last two.
    const summary = summariseProfile(dir, { fromUs: 4_500, toUs: 6_000 })!;
    expect(summary.totalMs).toBe(2);
    expect(summary.byModule).toEqual([{ module: 'mongodb', selfMs: 2, share: 100 }]);
    expect(summary.window).toEqual({ fromUs: 4_500, toUs: 6_000 });
  });
});
