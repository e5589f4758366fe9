import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from '@rc/local-stack';
import { parseOptions, type BenchOptions } from './options.js';
import { runRelayServer } from './relay/relay-server.js';
import { measureWriteCost } from './database/write-cost.js';
import { externalDatabase } from './database/database-target.js';
import { measureReadCost } from './database/read-cost.js';
import { measureUpdateCost } from './database/update-cost.js';
import { measureHistoryAtScale } from './database/history-at-scale.js';
import { measureUploads } from './uploads/upload-throughput.js';
import { measureLdapLogins } from './ldap/ldap-logins.js';
import { measurePushFanout } from './push/push-fanout.js';
import { measureWebhooks } from './integrations/webhook-throughput.js';
import { measureApps } from './apps/apps-send-path.js';
import { computeRatios, newReport, type BenchReport } from './report/bench-report.js';
import { toChartHtml } from './report/chart-html.js';
import { toMarkdown } from './report/markdown.js';
import { openBaselineSession } from './scenarios/baseline.js';
import { runCapacity } from './scenarios/capacity.js';
import { runLargeRoom } from './scenarios/large-room.js';
import { startSecondInstances } from './scenarios/scale-out.js';
import { openChatSession } from './scenarios/chat-load.js';
import type { LoadSession } from './scenarios/load-session.js';
import { runLoginStorm } from './scenarios/login-storm.js';
import { runTotpLogins } from './scenarios/totp-login.js';
import { sweepRates } from './scenarios/rate-sweep.js';
import { summariseProfile } from './measure/cpu-profile.js';
import { CpuLimits, throttlingSince } from './measure/cpu-limit.js';
import { logRoot, populate, profileDir, startSystem } from './scenarios/system.js';
import { runPopulated } from './populated/populated-run.js';
import { measureLivechatRouting } from './omnichannel/livechat-routing.js';

/**
 * `npm run bench [-- --preset large --users 1000 …]`: drives the real system (started as `npm start` does, or
 * against MONGO_URL / NATS_URL) and writes figures to bench/results/<time>/ and bench/results/latest-*.
 * A benchmark, not a test: it reports numbers and never fails on one.
 */
if (process.argv[2] === 'relay') {
  await runRelayServer(Number(process.argv[3]), process.argv[4]);
} else if (process.argv[2] === 'ldap-logins') {
  const [seconds, users, concurrency] = process.argv.slice(3).map(Number);
  const logDir = logRoot(`ldap-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  console.log(JSON.stringify(await measureLdapLogins(seconds || 10, users || 100, concurrency || 8, logDir), null, 2));
} else if (process.argv[2] === 'history-at-scale') {
  console.log(JSON.stringify(await measureHistoryAtScale(Number(process.argv[3] ?? 100_000)), null, 2));
} else if (process.argv[2] === 'uploads') {
  const [endpoint, bucket, key, secret] = (process.argv[4] ?? '').split(',');
  const backends = (process.argv[3] ?? 'GridFS,FileSystem').split(',');
  console.log(JSON.stringify(await measureUploads(backends, endpoint ? { endpoint, bucket, key, secret } : undefined), null, 2));
} else if (process.argv[2] === 'push') {
  const [members, messages, maxRoomMembers] = [process.argv[3], process.argv[4], process.argv[5]];
  console.log(JSON.stringify(await measurePushFanout(Number(members ?? 50), Number(messages ?? 40), Number(maxRoomMembers ?? 0)), null, 2));
} else if (process.argv[2] === 'webhooks') {
  const [listeners, posts, concurrency] = process.argv.slice(3).map(Number);
  await measureWebhooks(listeners || 100, posts || 300, concurrency || 8);
} else if (process.argv[2] === 'apps') {
  const [sends, concurrency, apps] = process.argv.slice(3).map(Number);
  await measureApps(sends || 200, concurrency || 4, apps || 3);
} else if (process.argv[2] === 'livechat-routing') {
  const [agents, visitors, seconds, instances] = process.argv.slice(3).map(Number);
  const result = await measureLivechatRouting(agents || 100, visitors || 1000, seconds || 60, instances || 2);
  console.log(JSON.stringify(result, null, 2));
  if (!result.exactlyOnce) {
    console.error('livechat-routing: not every inquiry was routed exactly once');
    process.exitCode = 1;
  }
} else if (process.argv[2] === 'write-cost') {
  console.log(JSON.stringify(await measureWriteCost(Number(process.argv[3] ?? 300)), null, 2));
} else if (process.argv[2] === 'update-cost') {
  const external = externalDatabase(process.argv, process.env);
  console.log(JSON.stringify(await measureUpdateCost(Number(process.argv[3]) || 2000, external), null, 2));
} else if (process.argv[2] === 'read-cost') {
  const [messages, calls] = process.argv.slice(3, 5).map(Number);
  console.log(
    JSON.stringify(await measureReadCost(messages || 100_000, calls || 300, externalDatabase(process.argv, process.env)), null, 2),
  );
} else {
  const options = parseOptions(process.argv.slice(2));
  const report = newReport(options);
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  await runScenarios(options, report, logRoot(stamp));
  computeRatios(report);
  report.finishedAt = new Date().toISOString();
  writeReport(report, resolve(repoRoot, options.outDir), stamp);
}

async function runScenarios(options: BenchOptions, report: BenchReport, logDir: string): Promise<void> {
  const wants = (s: BenchOptions['scenarios'][number]) => options.scenarios.includes(s);
  const attempt = async (scenario: string, run: () => Promise<void>) => {
    console.log(`[bench] ${scenario}…`);
    try {
      await run();
    } catch (error) {
      console.error(`[bench] ${scenario} failed: ${(error as Error).message}`);
      report.errors.push({ scenario, message: (error as Error).message });
    }
  };
  const withSession = async <R>(open: () => Promise<LoadSession<R>>, use: (s: LoadSession<R>) => Promise<void>) => {
    const session = await open();
    try {
      await use(session);
    } finally {
      await session.close();
    }
  };
  const sweep = <R extends { fanout: import('./measure/fanout-run.js').FanoutResult }>(session: LoadSession<R>, tag: string) =>
    sweepRates(session, options.rate, options.sweepMaxRate, options.sweepSeconds, options.p99TargetMs, tag);

  if (wants('populated'))
    await attempt('populated', async () => void (report.populated = await runPopulated(options, join(logDir, 'populated'))));
  report.sweep = {};
  if (wants('baseline') || wants('sweep')) {
    await attempt('baseline', () =>
      withSession(
        () => openBaselineSession(options, logDir),
        async (session) => {
          if (wants('baseline')) report.baseline = await session.run(options.rate, options.duration, 'base');
          if (wants('sweep')) report.sweep!.baseline = await sweep(session, 'bs');
        },
      ),
    );
  }
  if (!options.scenarios.some((s) => s !== 'baseline' && s !== 'populated')) return;

  await attempt('system', async () => {
    const { stack, admin } = await startSystem(options, logDir);
    let limits: CpuLimits | undefined;
    try {
      console.log('[bench] creating users and rooms, logging them in…');
      // The chat population serves every scenario but the large room (which makes its own rooms).
      const population = options.scenarios.some((s) => s !== 'large-room') ? await populate(admin, options) : { users: [], rooms: [] };
      // Once the users exist: their password hashes would take minutes on a slice of a core.
      if (options.instanceCpu) (limits = CpuLimits.open(options.instanceCpu)).limitApps(stack);
      if (wants('chat') || wants('sweep')) {
        await attempt('chat', () =>
          withSession(
            () => openChatSession(stack, population, options, [stack.gatewayUrl()]),
            async (session) => {
              if (wants('chat')) report.chat = await session.run(options.rate, options.duration, 'c1');
              if (wants('sweep')) report.sweep!.chat = await sweep(session, 'cs');
            },
          ),
        );
      }
      if (wants('large-room')) await attempt('large-room', async () => void (report.largeRoom = await runLargeRoom(stack, admin, options)));
      if (wants('capacity'))
        await attempt('capacity', async () => void (report.capacity = await runCapacity(stack, population, options.idleConnections)));
      if (wants('login'))
        await attempt('login', async () => void (report.login = await runLoginStorm(stack, population, options.loginSeconds)));
      // Every one-instance load is done by now: what the caps cost them, and where the scaled-out loads count from.
      const oneInstance = limits?.throttling();
      if (oneInstance) report.throttling = { oneInstance };
      if (wants('scaleout')) {
        await attempt('scaleout', async () => {
          await startSecondInstances(stack);
          limits?.limitApps(stack);
          const urls = stack.instances('gateway').map((g) => g.url);
          await withSession(
            () => openChatSession(stack, population, options, urls),
            async (session) => {
              report.scaleout = await session.run(options.rate, options.duration, 'c2');
              if (wants('sweep')) report.sweep!.scaleout = await sweep(session, 'ss');
            },
          );
          if (limits) report.throttling = { oneInstance, scaledOut: throttlingSince(limits.throttling(), oneInstance) };
        });
      }
      // Last: it turns TOTP on for half the users, whose password alone no longer logs them in.
      if (wants('totp'))
        await attempt('totp', async () => void (report.totp = await runTotpLogins(admin, population, options.loginSeconds)));
    } finally {
      await stack.stop();
      limits?.close();
    }
    for (const app of options.profile) {
      // Over the 1-gateway chat run when there was one: start-up and the population's creation left out.
      const summary = summariseProfile(profileDir(logDir, app), report.chat?.window);
      if (summary) (report.profiles ??= {})[app] = summary;
    }
  });
}

function writeReport(report: BenchReport, outDir: string, stamp: string): void {
  const dir = join(outDir, stamp);
  mkdirSync(dir, { recursive: true });
  const files = {
    'report.json': JSON.stringify(report, null, 2),
    'summary.md': toMarkdown(report),
    'chart.html': toChartHtml(report),
  };
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), content);
    copyFileSync(join(dir, name), join(outDir, `latest-${name}`));
  }
  console.log(files['summary.md']);
  console.log(`[bench] written to ${dir} (and ${outDir}/latest-*)`);
}
