// The Node every process of the project runs on: Node 24 LTS (NestJS 12 needs Node >= 22.22). Where the machine's
// Node is older (Debian's 20), the official binary comes from the npm registry (`node-<platform>-<arch>` ships it)
// into .local/node, and commands run with .local/node/bin first on PATH, so every `node` they start is that one.
// Plain Node with no dependencies, since it runs before `npm install`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_MAJOR = 24;
const OLDEST_USABLE = [22, 22];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const local = join(root, '.local');
const nodeDir = join(local, 'node');
const nodeBinary = join(nodeDir, 'bin', 'node');

const log = (message) => console.log(`[node] ${message}`);

const isUsable = (version) => {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > OLDEST_USABLE[0] || (major === OLDEST_USABLE[0] && minor >= OLDEST_USABLE[1]);
};

const localVersion = () => spawnSync(nodeBinary, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';

function install() {
  const spec = `node-${process.platform}-${process.arch}@${NODE_MAJOR}`;
  log(`Node ${process.version} is older than ${OLDEST_USABLE.join('.')}: installing ${spec} into .local/node`);
  mkdirSync(local, { recursive: true });
  // Unpacked beside its destination, then renamed: an interrupted install leaves no half-written Node behind.
  const download = mkdtempSync(join(local, 'node-download-'));
  try {
    const packed = spawnSync('npm', ['pack', spec, '--pack-destination', download, '--silent'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = readdirSync(download).find((name) => name.endsWith('.tgz'));
    if (packed.status !== 0 || !tarball) throw new Error(`npm pack ${spec} failed: install Node ${NODE_MAJOR} yourself`);
    const unpacked = spawnSync('tar', ['-xzf', join(download, tarball), '-C', download], { stdio: 'inherit' });
    if (unpacked.status !== 0) throw new Error(`unpacking ${tarball} failed`);
    rmSync(nodeDir, { recursive: true, force: true });
    renameSync(join(download, 'package'), nodeDir);
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
  log(`installed Node ${localVersion()}`);
}

/**
 * Puts the project's Node first on this process's PATH (installing it when missing), so that every command
 * started from here on — npm and its scripts included — runs on it. Nothing to do when the running Node will do.
 */
export function useProjectNode() {
  if (isUsable(process.version)) return;
  if (!localVersion().startsWith(`v${NODE_MAJOR}.`)) install();
  process.env.PATH = `${join(nodeDir, 'bin')}${delimiter}${process.env.PATH ?? ''}`;
}

/** Runs a command to its end with this process's environment and exits as it did; signals sent here reach it too. */
export function runToEnd([command, ...args]) {
  const child = spawn(command, args, { stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  signals.forEach((signal) => process.on(signal, forward));
  child.on('error', (error) => {
    console.error(`${command}: ${error.message}`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    signals.forEach((name) => process.off(name, forward));
    // Ended by a signal: end the same way, so whoever waits on this process sees the signal.
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
