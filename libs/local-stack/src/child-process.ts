import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL: the process dies without any goodbye. */
  kill(): Promise<void>;
  /** The last lines it wrote, for error messages. */
  tail(lines?: number): string;
}

/** Children still running: killed if this process exits without stopping them (no orphans). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
// A signal's default action ends Node without 'exit', and our children have process groups of their own: a bench
// stopped with Ctrl-C or `kill` left its whole stack running. A signal nobody else handles (the launcher handles its
// own, to stop the stack in order) now ends the process through `exit`, with the shell's 128 + n.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.on(signal, () => {
    if (process.listenerCount(signal) === 1) process.exit(code);
  });
}

/** Spawns a process whose stdout and stderr go to a log file (and are kept in memory for `tail`). */
export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; logFile: string; onLine?: (line: string) => void },
): ManagedProcess {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  // Own process group: a Ctrl-C in the terminal reaches only the launcher, which stops children in order.
  const child = spawn(command, args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  const recent: string[] = [];
  let partial = '';
  const onData = (chunk: Buffer) => {
    // Output can still arrive between 'exit' and 'close' (the pipes drain after the process ended).
    if (!log.writableEnded) log.write(chunk);
    const text = partial + chunk.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      recent.push(line);
      if (recent.length > 200) recent.shift();
      options.onLine?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.on('close', () => log.end());
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal ?? 'unknown');
    });
    child.on('error', (error) => {
      recent.push(`spawn failed: ${error.message}`);
      log.end();
      resolve('spawn-error');
    });
  });
  const isRunning = () => child.exitCode === null && child.signalCode === null;

  return {
    name,
    child,
    logFile: options.logFile,
    exited,
    async stop(graceMs = 10_000) {
      if (!isRunning()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => isRunning() && child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!isRunning()) return;
      child.kill('SIGKILL');
      await exited;
    },
    tail(lines = 30) {
      return recent.slice(-lines).join('\n');
    },
  };
}
