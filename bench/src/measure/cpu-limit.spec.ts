import { describe, expect, it } from '@jest/globals';
import { cpuLimitFiles, findCpuCgroup, parseThrottling, throttlingSince } from './cpu-limit.js';

describe('findCpuCgroup', () => {
  const machine = (files: Record<string, string>) => [(path: string) => path in files, (path: string) => files[path]] as const;

  it("prefers cgroup v1's cpu controller where it is mounted", () => {
    const [exists, read] = machine({ '/cg/cpu,cpuacct/cpu.cfs_quota_us': '-1', '/cg/cgroup.controllers': 'cpu io memory' });
    expect(findCpuCgroup('/cg', exists, read)).toEqual({ version: 1, root: '/cg/cpu,cpuacct' });
  });

  it('uses the unified tree when its controllers include cpu, and nothing when no tree can cap the CPU', () => {
    expect(findCpuCgroup('/cg', ...machine({ '/cg/cgroup.controllers': 'cpuset cpu io memory pids\n' }))).toEqual({
      version: 2,
      root: '/cg',
    });
    expect(findCpuCgroup('/cg', ...machine({ '/cg/cgroup.controllers': 'cpuset io memory pids\n' }))).toBeUndefined();
    expect(findCpuCgroup('/cg', ...machine({}))).toBeUndefined();
  });
});

describe('cpuLimitFiles', () => {
  it("writes a quarter of a core as a quarter of each 10-ms period, in each version's files", () => {
    expect(cpuLimitFiles(1, 0.25)).toEqual({ 'cpu.cfs_period_us': '10000', 'cpu.cfs_quota_us': '2500' });
    expect(cpuLimitFiles(2, 0.25)).toEqual({ 'cpu.max': '2500 10000' });
  });

  it("never asks for less than the kernel's 1-ms minimum quota, and lets a limit pass one core", () => {
    expect(cpuLimitFiles(1, 0.01)['cpu.cfs_quota_us']).toBe('1000');
    expect(cpuLimitFiles(2, 1.5)).toEqual({ 'cpu.max': '15000 10000' });
  });
});

describe('throttling', () => {
  it("reads v1's nanoseconds and v2's microseconds of waiting alike", () => {
    const v1 = 'nr_periods 100\nnr_throttled 28\nthrottled_time 437000000\nnr_bursts 0\nburst_time 0\n';
    const v2 = 'usage_usec 9000\nuser_usec 7000\nsystem_usec 2000\nnr_periods 100\nnr_throttled 28\nthrottled_usec 437000\n';
    const expected = { instance: 'core-5', periods: 100, throttled: 28, throttledMs: 437 };
    expect(parseThrottling('core-5', v1)).toEqual(expected);
    expect(parseThrottling('core-5', v2)).toEqual(expected);
  });

  it('counts what each process added since a snapshot; one capped after it counts from zero', () => {
    const at = (instance: string, periods: number, throttled: number, throttledMs: number) => ({
      instance,
      periods,
      throttled,
      throttledMs,
    });
    const before = [at('core-5', 1_000, 40, 500)];
    expect(throttlingSince([at('core-5', 3_000, 100, 1_700), at('core-16', 2_000, 70, 900)], before)).toEqual([
      at('core-5', 2_000, 60, 1_200),
      at('core-16', 2_000, 70, 900),
    ]);
  });
});
