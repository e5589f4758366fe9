import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, spawnManaged, waitFor, type ManagedProcess } from '@rc/local-stack';

/** The launcher's layout: the gateway on PORT, the other apps at PORT + 101 … + 105. */
const OFFSETS = [0, 101, 102, 103, 104, 105];

interface Launcher {
  process: ManagedProcess;
  lines: string[];
}

async function startLauncher(port: number, dataDir: string): Promise<Launcher> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, ADMIN_PASS: 'supervised-pass' };
  delete env.NATS_URL;
  delete env.MONGO_URL;
  const lines: string[] = [];
  const launcher = spawnManaged('launcher', process.execPath, [join(repoRoot, 'dist/tools/launcher/src/main.js')], {
    env,
    logFile: join(dataDir, 'launcher.log'),
    onLine: (line) => lines.push(line),
  });
  await waitFor(() => Promise.resolve(lines.some((line) => line.includes('server ready'))), {
    timeoutMs: 90_000,
    describe: () => `launcher ready\n${launcher.tail(30)}`,
  });
  return { process: launcher, lines };
}

/** The pid the launcher printed for `name` at start (`  core  http://…  pid 123`), or after its last restart. */
function pidOf(launcher: Launcher, name: string): number {
  let pid: number | undefined;
  for (const line of launcher.lines) {
    const listed = new RegExp(`^  ${name}\\s.*pid (\\d+)$`).exec(line);
    const restarted = new RegExp(`^\\[supervisor\\] ${name}\\b.* restarted as pid (\\d+)`).exec(line);
    const match = listed ?? restarted;
    if (match) pid = Number(match[1]);
  }
  if (!pid) throw new Error(`no pid for ${name} in:\n${launcher.lines.join('\n')}`);
  return pid;
}

const login = (port: number) =>
  fetch(`http://127.0.0.1:${port}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: 'admin', password: 'supervised-pass' }),
  })
    .then((response) => response.status)
    .catch(() => 0);

describe('npm start supervises its processes', () => {
  it('restarts an app, the database and NATS after a SIGKILL, logs each restart, and serves again', async () => {
    const port = await freePort(OFFSETS);
    const dataDir = mkdtempSync(join(tmpdir(), 'rc-supervised-'));
    let launcher: Launcher | undefined;
    try {
      launcher = await startLauncher(port, dataDir);
      expect(await login(port)).toBe(200);

      for (const [name, label] of [
        ['core', 'core'],
        ['accounts', 'accounts'],
        ['mongo-server', 'mongo-server'],
        ['nats-server', 'nats-server'],
      ] as const) {
        const pid = pidOf(launcher, name);
        const restartsBefore = launcher.lines.filter((line) => line.includes(`${label}`) && line.includes('restarted as pid')).length;
        const killedAt = Date.now();
        process.kill(pid, 'SIGKILL');
        await waitFor(
          () =>
            Promise.resolve(
              launcher!.lines.filter((line) => line.includes(label) && line.includes('restarted as pid')).length > restartsBefore,
            ),
          {
            timeoutMs: 60_000,
            describe: () => `${name} restarted\n${launcher!.lines.slice(-10).join('\n')}`,
          },
        );
        expect(pidOf(launcher, name)).not.toBe(pid);
        // Served again: a login goes through accounts and the database, over NATS.
        await waitFor(async () => (await login(port)) === 200, { timeoutMs: 60_000, describe: () => `login after ${name} restart` });
        console.log(`${name}: serving again ${((Date.now() - killedAt) / 1000).toFixed(1)} s after SIGKILL`);
      }
      const restarts = launcher.lines.filter((line) => line.startsWith('[supervisor]'));
      expect(restarts.some((line) => /^\[supervisor\] core \(port \d+\) exited \(SIGKILL\); restarting in/.test(line))).toBe(true);

      launcher.process.child.kill('SIGINT');
      expect(await launcher.process.exited).toBe(0);
    } finally {
      await launcher?.process.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 360_000);
});
