import type { Stack } from '@rc/local-stack';
import type { ProcessUsage } from '../measure/process-stats.js';

/**
 * A second instance of every app the stack runs, stream-hub excepted (one instance by design: it turns the
 * database's change stream into events once). Clients are spread over the gateways; the services share their
 * requests through NATS queue groups.
 */
export async function startSecondInstances(stack: Stack): Promise<void> {
  const scalable = [...stack.apps.entries()].filter(([app, instances]) => app !== 'stream-hub' && instances.length === 1);
  // Services before the second gateway, as the stack starts them.
  await Promise.all(scalable.filter(([app]) => app !== 'gateway').map(([app]) => stack.startInstance(app)));
  if (scalable.some(([app]) => app === 'gateway')) await stack.startInstance('gateway');
}

export interface InstanceSplit {
  app: string;
  cpuSeconds: number[];
  /** Each instance's share of the app's CPU, in percent. */
  sharePercent: number[];
}

/** How each app's CPU divided between its instances (instance ids are `<app>-<n>`), for apps with more than one. */
export function instanceSplit(processes: ProcessUsage[]): InstanceSplit[] {
  const byApp = new Map<string, number[]>();
  for (const { name, cpuSeconds } of processes) {
    const app = /^(.*)-\d+$/.exec(name)?.[1];
    if (app) byApp.set(app, [...(byApp.get(app) ?? []), cpuSeconds]);
  }
  return [...byApp.entries()]
    .filter(([, cpu]) => cpu.length > 1)
    .map(([app, cpuSeconds]) => {
      const total = cpuSeconds.reduce((sum, s) => sum + s, 0);
      return { app, cpuSeconds, sharePercent: cpuSeconds.map((s) => (total > 0 ? Math.round((s * 100) / total) : 0)) };
    });
}
