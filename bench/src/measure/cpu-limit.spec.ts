import { describe, expect, it } from '@jest/globals';
import { cpuLimitFiles, findCpuCgroup } from './cpu-limit.js';

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
