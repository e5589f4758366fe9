import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from '@rc/local-stack';
import { parseOptions } from './options.js';
import { runRelayServer } from './relay/relay-server.js';
import { computeRatios, newReport, type BenchReport } from './report/bench-report.js';
import { toChartHtml } from './report/chart-html.js';
import { toMarkdown } from './report/markdown.js';
import { runBaseline } from './scenarios/baseline.js';
import { runCapacity } from './scenarios/capacity.js';
import { runChatLoad } from './scenarios/chat-load.js';
import { runLoginStorm } from './scenarios/login-storm.js';
import { logRoot, populate, startSystem } from './scenarios/system.js';

/**
 * `npm run bench [-- --preset large --users 1000 …]`: drives the real system (started as `npm start` does, or
 * against MONGO_URL / NATS_URL) and writes figures to bench/results/<time>/ and bench/results/latest.*.
 * A benchmark, not a test: it reports numbers and never fails on one.
 */
if (process.argv[2] === 'relay') {
  await runRelayServer(Number(process.argv[3]), process.argv[4]);
} else {
  const options = parseOptions(process.argv.slice(2));
  const report = newReport(options);
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const logDir = logRoot(stamp);
  const attempt = async (scenario: string, run: () => Promise<void>) => {
    console.log(`[bench] ${scenario}…`);
    try {
      await run();
    } catch (error) {
      console.error(`[bench] ${scenario} failed: ${(error as Error).message}`);
      report.errors.push({ scenario, message: (error as Error).message });
    }
  };

  if (options.scenarios.includes('baseline')) await attempt('baseline', async () => void (report.baseline = await runBaseline(options, logDir)));

  const needsSystem = options.scenarios.some((s) => s !== 'baseline');
  if (needsSystem) {
    await attempt('system', async () => {
      const { stack, admin } = await startSystem(options, logDir);
      try {
        console.log('[bench] creating users and rooms…');
        const population = await populate(admin, options);
        if (options.scenarios.includes('chat')) {
          await attempt('chat', async () => void (report.chat = await runChatLoad(stack, population, options, [stack.gatewayUrl()], 'c1')));
        }
        if (options.scenarios.includes('capacity')) {
          await attempt('capacity', async () => void (report.capacity = await runCapacity(stack, population, options.idleConnections)));
        }
        if (options.scenarios.includes('login')) {
          await attempt('login', async () => void (report.login = await runLoginStorm(stack, population, options.loginSeconds)));
        }
        if (options.scenarios.includes('scaleout')) {
          await attempt('scaleout', async () => {
            if (stack.instances('gateway').length < 2) await stack.startInstance('gateway');
            const urls = stack.instances('gateway').map((g) => g.url);
            report.scaleout = await runChatLoad(stack, population, options, urls, 'c2');
          });
        }
      } finally {
        await stack.stop();
      }
    });
  }

  computeRatios(report);
  report.finishedAt = new Date().toISOString();
  writeReport(report, resolve(repoRoot, options.outDir), stamp);
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
