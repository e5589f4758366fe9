import type { Stack } from '@rc/local-stack';
import { DdpLoadClient } from '../clients/ddp-load-client.js';
import { RestBenchClient } from '../clients/rest-bench-client.js';
import { LatencyRecorder, type LatencySummary } from '../measure/latency-recorder.js';
import { mapLimit } from '../measure/map-limit.js';
import { BENCH_ENV, USER_PASSWORD, type Population } from './system.js';

export interface LoginRate {
  perSecond: number;
  total: number;
  errors: number;
  latencyMs: LatencySummary;
  firstError?: string;
}

export interface LoginStormResult {
  bcryptRounds: number;
  passwordLoginsRest: LoginRate;
  /** Connect + resume login + close, by fresh connections. */
  resumeLoginsDdp: LoginRate;
  reconnect: {
    clients: number;
    gatewayRestartSeconds: number;
    allReconnectedAfterReadySeconds: number;
    reconnected: number;
  };
}

/** Runs `attempt` from `concurrency` loops for `seconds`, counting successes per second. */
export async function sustain(seconds: number, concurrency: number, attempt: (loop: number) => Promise<void>): Promise<LoginRate> {
  const latency = new LatencyRecorder();
  let errors = 0;
  let firstError: string | undefined;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, loop) => {
      while (performance.now() < until) {
        const started = performance.now();
        try {
          await attempt(loop);
          latency.record(performance.now() - started);
        } catch (error) {
          errors++;
          firstError ??= (error as Error).message;
          await new Promise((r) => setTimeout(r, 10)); // no busy loop on a refusal
        }
      }
    }),
  );
  const summary = latency.summary();
  return { perSecond: Math.round(summary.count / seconds), total: summary.count, errors, latencyMs: summary, firstError };
}

/** Logins per second (REST password, DDP resume) and the reconnection of every client after a gateway restart. */
export async function runLoginStorm(stack: Stack, population: Population, seconds: number): Promise<LoginStormResult> {
  const gatewayUrl = stack.gatewayUrl();
  const api = new RestBenchClient(gatewayUrl);
  const users = population.users;
  const passwordLoginsRest = await sustain(seconds, 16, async (loop) => {
    await api.login(users[(loop * 7919 + Math.floor(performance.now())) % users.length].username, USER_PASSWORD);
  });

  // A reconnect wave: each client opens a connection and resumes its session once (Rocket.Chat allows 5
  // logins per connection per 10 s, so reusing a few connections would measure the limiter instead).
  const ws = `${gatewayUrl.replace(/^http/, 'ws')}/websocket`;
  const resumeLoginsDdp = await sustain(seconds, 32, async (loop) => {
    const client = new DdpLoadClient(ws);
    try {
      await client.connect();
      await client.loginWithToken(users[(loop + Math.floor(performance.now())) % users.length].authToken);
    } finally {
      client.close();
    }
  });

  return {
    bcryptRounds: Number(BENCH_ENV.BCRYPT_ROUNDS),
    passwordLoginsRest,
    resumeLoginsDdp,
    reconnect: await reconnectAfterRestart(stack, population),
  };
}

/** Every user connected; the gateway restarts on the same port; how long until all are logged in again. */
async function reconnectAfterRestart(stack: Stack, population: Population) {
  const gateway = stack.instances('gateway')[0];
  const ws = `${gateway.url.replace(/^http/, 'ws')}/websocket`;
  let reconnected = 0;
  let restarting = false;
  let allBack: () => void = () => undefined;
  const everyoneBack = new Promise<void>((resolve) => (allBack = resolve));

  const keepConnected = async (token: string): Promise<DdpLoadClient> => {
    for (;;) {
      const client = new DdpLoadClient(ws);
      try {
        await client.connect(5_000);
        await client.loginWithToken(token);
        client.onClose = () => {
          if (!restarting) return;
          void (async () => {
            await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
            const again = await keepConnected(token);
            clients.push(again);
            if (++reconnected === population.users.length) allBack();
          })();
        };
        return client;
      } catch {
        client.terminate();
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
      }
    }
  };
  const clients: DdpLoadClient[] = await mapLimit(population.users, 50, (u) => keepConnected(u.authToken));

  restarting = true;
  const started = performance.now();
  await stack.restart(gateway);
  const readyAt = performance.now();
  await Promise.race([everyoneBack, new Promise((r) => setTimeout(r, 120_000))]);
  const doneAt = performance.now();
  restarting = false;
  clients.forEach((c) => c.close());
  return {
    clients: population.users.length,
    gatewayRestartSeconds: Math.round((readyAt - started) / 10) / 100,
    allReconnectedAfterReadySeconds: Math.round((doneAt - readyAt) / 10) / 100,
    reconnected,
  };
}
