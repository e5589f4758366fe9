import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { packApp, postAppPackage, Stack, waitFor } from '@rc/local-stack';
import { RestBenchClient } from '../clients/rest-bench-client.js';
import { LatencyRecorder, type LatencySummary } from '../measure/latency-recorder.js';
import { mapLimit } from '../measure/map-limit.js';
import { currentRssMb, ProcessSampler } from '../measure/process-stats.js';
import { BENCH_ADMIN, BENCH_ENV } from '../scenarios/system.js';

/**
 * The app measured: an `IPreMessageSentPrevent` hook that refuses one word (what a moderation app does), as the
 * apps CLI compiles it (CommonJS against the engine's `definition/`).
 */
const HOOK_APP_JS = `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.BenchHookApp = void 0;
const App_1 = require("@rocket.chat/apps-engine/definition/App");
class BenchHookApp extends App_1.App {
  async executePreMessageSentPrevent(message) { return (message.text || '').includes('forbidden-bench-word'); }
}
exports.BenchHookApp = BenchHookApp;
`;

function hookApp(): { id: string; zip: Buffer } {
  const name = `bench-hook-${Math.random().toString(36).slice(2, 10)}`;
  return packApp({ name, implements: ['IPreMessageSentPrevent'], description: 'A pre-send hook, for the benchmark' }, HOOK_APP_JS);
}

/** The Deno processes an engine instance runs (one per installed app). */
function denoChildren(enginePid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(enginePid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([pid, comm]) => pid && comm === 'deno')
      .map(([pid]) => Number(pid));
  } catch {
    return [];
  }
}

async function timed(count: number, concurrency: number, one: (i: number) => Promise<void>): Promise<LatencySummary> {
  const recorder = new LatencyRecorder();
  await mapLimit(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const t0 = performance.now();
      await one(i);
      recorder.record(performance.now() - t0);
    },
  );
  return recorder.summary();
}

/**
 * `node dist/bench/src/main.js apps [sends=200] [concurrency=4] [apps=3]`: what one installed app with a pre-send
 * hook adds to `chat.sendMessage` (p50/p99, and CPU per message of core, the engine and the app's Deno process),
 * then the memory each installed app costs (the Deno process's RSS, and the engine's growth) as `apps` apps are
 * installed one after another. One stack, in-memory database, one instance of each app.
 */
export async function measureApps(sends = 200, concurrency = 4, appCount = 3) {
  const stack = await Stack.start({
    instances: { 'apps-engine': 1 },
    env: { ...BENCH_ENV, BCRYPT_ROUNDS: '4', LOG_LEVEL: 'warn' },
  });
  try {
    const baseUrl = stack.gatewayUrl();
    const api = new RestBenchClient(baseUrl);
    const auth = await api.login(BENCH_ADMIN.username, BENCH_ADMIN.password);
    const admin = api.as(auth);
    const { channel } = await admin.post<{ channel: { _id: string } }>('channels.create', { name: `bench-apps-${Date.now()}` });
    const rid = channel._id;
    const [core] = stack.instances('core');
    const [engine] = stack.instances('apps-engine');
    const corePid = core.process.child.pid!;
    const enginePid = engine.process.child.pid!;

    const send = (i: number, label: string) =>
      admin.post('chat.sendMessage', { message: { rid, msg: `${label} ${i}` } }).then(() => undefined);
    const install = async () => {
      const app = hookApp();
      const response = await postAppPackage(baseUrl, auth, app.zip);
      if (response.status !== 200) throw new Error(`install answered ${response.status}: ${JSON.stringify(response.body)}`);
      return app.id;
    };
    const measure = async (label: string, pids: Array<{ name: string; pid: number }>) => {
      await timed(Math.min(50, sends), concurrency, (i) => send(i, `warm-${label}`));
      const sampler = new ProcessSampler(pids);
      sampler.start();
      const latency = await timed(sends, concurrency, (i) => send(i, label));
      const usage = sampler.stop();
      const cpuMsPerMessage = Object.fromEntries(usage.map((u) => [u.name, Math.round((u.cpuSeconds * 1000 * 100) / sends) / 100]));
      return { latency, cpuMsPerMessage };
    };

    const engineIdleRssMb = currentRssMb(enginePid);
    const without = await measure('plain', [
      { name: 'core', pid: corePid },
      { name: 'apps-engine', pid: enginePid },
    ]);

    const memory: Array<{ apps: number; denoRssMb: number[]; engineRssMb: number }> = [];
    await install();
    await waitFor(() => denoChildren(enginePid).length === 1, { timeoutMs: 60_000, describe: () => 'the Deno process' });
    // The hook is on the send path once core learned it (the engine's announcement): a forbidden word is refused.
    await waitFor(
      async () => {
        try {
          await admin.post('chat.sendMessage', { message: { rid, msg: 'forbidden-bench-word' } });
          return false;
        } catch {
          return true;
        }
      },
      { timeoutMs: 30_000, describe: () => 'the hook on the send path' },
    );
    const [deno] = denoChildren(enginePid);
    const withHook = await measure('hooked', [
      { name: 'core', pid: corePid },
      { name: 'apps-engine', pid: enginePid },
      { name: 'deno (the app)', pid: deno },
    ]);
    memory.push({ apps: 1, denoRssMb: denoChildren(enginePid).map(currentRssMb), engineRssMb: currentRssMb(enginePid) });
    for (let n = 2; n <= appCount; n++) {
      await install();
      await waitFor(() => denoChildren(enginePid).length === n, { timeoutMs: 60_000, describe: () => `${n} Deno processes` });
      memory.push({ apps: n, denoRssMb: denoChildren(enginePid).map(currentRssMb), engineRssMb: currentRssMb(enginePid) });
    }
    const last = memory[memory.length - 1];
    const result = {
      sends,
      concurrency,
      load: Math.round(loadavg()[0] * 10) / 10,
      sendMessageWithoutAppMs: without.latency,
      sendMessageWithHookAppMs: withHook.latency,
      addedP50Ms: Math.round((withHook.latency.p50 - without.latency.p50) * 10) / 10,
      addedP99Ms: Math.round((withHook.latency.p99 - without.latency.p99) * 10) / 10,
      cpuMsPerMessageWithout: without.cpuMsPerMessage,
      cpuMsPerMessageWithHook: withHook.cpuMsPerMessage,
      engineIdleRssMb,
      memory,
      denoRssMbPerApp: Math.round((last.denoRssMb.reduce((a, b) => a + b, 0) / last.denoRssMb.length) * 10) / 10,
      engineRssMbPerApp: Math.round(((last.engineRssMb - engineIdleRssMb) / last.apps) * 10) / 10,
    };
    console.log(JSON.stringify(result, null, 2));
    return result;
  } finally {
    await stack.stop();
  }
}
