import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, isPortFree, repoRoot, spawnManaged, waitFor, type ManagedProcess } from '@rc/local-stack';

/** The launcher's layout: the gateway on PORT, the other apps at PORT + 101 … + 105. */
const OFFSETS = [0, 101, 102, 103, 104, 105];

/** `npm start` as a user runs it (after setup): the launcher with local NATS and the local database in `dataDir`. */
async function startLauncher(port: number, dataDir: string, output: string[] = []): Promise<ManagedProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
  delete env.NATS_URL;
  delete env.MONGO_URL;
  // As a newcomer runs it: no administrator password chosen.
  delete env.ADMIN_PASS;
  let ready = false;
  const launcher = spawnManaged('launcher', process.execPath, [join(repoRoot, 'dist/tools/launcher/src/main.js')], {
    env,
    logFile: join(dataDir, 'launcher.log'),
    onLine: (line) => {
      output.push(line);
      ready ||= line.includes('server ready');
    },
  });
  await waitFor(() => ready, { timeoutMs: 90_000, describe: () => `launcher ready\n${launcher.tail(30)}` });
  return launcher;
}

const post = (port: number, path: string, body: unknown) =>
  fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('npm start: the launcher', () => {
  it('brings every app up on the local NATS and database with a generated administrator password shown once, stops them all on Ctrl-C, and keeps the data', async () => {
    const port = await freePort(OFFSETS);
    const dataDir = mkdtempSync(join(tmpdir(), 'rc-launcher-'));
    const username = `starter${Date.now()}`;
    try {
      const firstConsole: string[] = [];
      const first = await startLauncher(port, dataDir, firstConsole);
      // No default password: the first start prints a generated one, once, and it logs in ('admin' does not).
      const shown = firstConsole.join('\n').match(/administrator "admin" created with the password\s+(\S+)/);
      expect(shown).not.toBeNull();
      expect((await post(port, '/api/v1/login', { user: 'admin', password: shown![1] })).status).toBe(200);
      expect((await post(port, '/api/v1/login', { user: 'admin', password: 'admin' })).status).toBe(401);
      const info = await fetch(`http://127.0.0.1:${port}/api/info`).then((r) => r.json());
      expect(info).toMatchObject({ success: true, version: expect.stringMatching(/^\d+\.\d+$/) });
      for (const offset of OFFSETS) expect((await fetch(`http://127.0.0.1:${port + offset}/ready`)).status).toBe(200);
      const registered = await post(port, '/api/v1/users.register', {
        username,
        email: `${username}@example.com`,
        pass: 'a-Secret-1',
        name: 'Starter',
      });
      expect(registered.status).toBe(200);

      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
      for (const offset of OFFSETS) expect(await isPortFree(port + offset)).toBe(true);

      const secondConsole: string[] = [];
      const second = await startLauncher(port, dataDir, secondConsole);
      expect(secondConsole.join('\n')).not.toContain(shown![1]);
      expect(secondConsole.join('\n')).not.toContain('created with the password');
      const login = await post(port, '/api/v1/login', { user: username, password: 'a-Secret-1' });
      expect(login.status).toBe(200);
      expect(((await login.json()) as { data: { me: { username: string } } }).data.me.username).toBe(username);
      second.child.kill('SIGINT');
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
