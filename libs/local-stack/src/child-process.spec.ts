import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const moduleUrl = new URL('./child-process.ts', import.meta.url).href;

/** A Node process (Node strips the module's types) that starts `sleep 60` through spawnManaged and prints its pid. */
function parentOfASleeper(extra = '') {
  const logFile = join(mkdtempSync(join(tmpdir(), 'child-process-')), 'sleeper.log');
  const script = `
    const { spawnManaged } = await import(${JSON.stringify(moduleUrl)});
    ${extra}
    const sleeper = spawnManaged('sleeper', 'sleep', ['60'], { logFile: ${JSON.stringify(logFile)} });
    console.log('sleeper ' + sleeper.child.pid);
    setInterval(() => {}, 1000);`;
  const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => parent.on('exit', (code) => resolve(code)));
  const sleeperPid = new Promise<number>((resolve) => {
    parent.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /sleeper (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
  });
  return { parent, exited, sleeperPid, output: () => output };
}

/** Gone, or a zombie waiting for a reaper: either way no longer running. */
function running(pid: number): boolean {
  const status = `/proc/${pid}/status`;
  return existsSync(status) && !/^State:\s+Z/m.test(readFileSync(status, 'utf8'));
}

describe('spawnManaged', () => {
  it('takes its children along when a signal nobody handles ends the process', async () => {
    const { parent, exited, sleeperPid } = parentOfASleeper();
    const pid = await sleeperPid;
    expect(running(pid)).toBe(true);
    parent.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(running(pid)).toBe(false);
  });

  it('leaves a signal to the process when it handles it itself (the launcher stops its stack in order)', async () => {
    const { parent, exited, sleeperPid, output } = parentOfASleeper(
      `process.on('SIGINT', () => { console.log('handled'); setTimeout(() => process.exit(0), 50); });`,
    );
    const pid = await sleeperPid;
    parent.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output()).toContain('handled');
    expect(running(pid)).toBe(false);
  });
});
