import { spawnManaged, type ManagedProcess } from './child-process.js';
import { portAccepts } from './free-port.js';
import { waitFor } from './wait-for.js';

export interface ServerProcessSpec {
  /** For logs and error messages (`kamailio`, `slapd`, …). */
  name: string;
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  /** Loopback ports that all accept connections once the server is up. */
  ports: number[];
  startTimeoutMs?: number;
}

const allAccept = async (ports: number[]) => (await Promise.all(ports.map((port) => portAccepts(port)))).every(Boolean);
const noneAccepts = async (ports: number[]) => !(await Promise.all(ports.map((port) => portAccepts(port)))).some(Boolean);

/**
 * A real server (nats-server, slapd, Kamailio, baresip, …) as a child process of ours, in the foreground so that it
 * is ours to stop: `start()` resolves once every port accepts, or throws with the end of its output when it exits
 * first; `stop()` ends it on purpose (SIGTERM, then SIGKILL); `crash()` kills it and its whole process group without
 * warning and waits until its ports are closed. Each launcher keeps only what is its own (configuration, ports, API).
 */
export class ServerProcess {
  private process?: ManagedProcess;

  constructor(private readonly spec: ServerProcessSpec) {}

  async start(): Promise<void> {
    const { name, command, args, logFile, env, ports } = this.spec;
    const started = spawnManaged(name, command, args, { logFile, env });
    this.process = started;
    const exitedEarly = () => started.child.exitCode !== null || started.child.signalCode !== null;
    await waitFor(async () => exitedEarly() || (await allAccept(ports)), {
      timeoutMs: this.spec.startTimeoutMs ?? 10_000,
      describe: () => `${name} on port(s) ${ports.join(', ')}`,
    });
    if (exitedEarly()) {
      this.process = undefined;
      throw new Error(`${name} did not start:\n${started.tail()}`);
    }
  }

  /** Ends it on purpose: from now on `exited` is undefined, so a supervisor does not take it for a crash. */
  async stop(graceMs = 5_000): Promise<void> {
    const running = this.process;
    this.process = undefined;
    await running?.stop(graceMs);
  }

  /** SIGKILL to it and every process it forked, at once: the server goes away without a goodbye. */
  async crash(): Promise<void> {
    const running = this.process;
    this.process = undefined;
    if (!running?.child.pid) return;
    try {
      process.kill(-running.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await running.exited;
    await waitFor(() => noneAccepts(this.spec.ports), { timeoutMs: 10_000, describe: () => `${this.spec.name}'s ports to close` });
  }

  /** The end of the process running now (undefined when none is, or after `stop()`). */
  get exited(): Promise<number | string> | undefined {
    return this.process?.exited;
  }

  get pid(): number | undefined {
    return this.process?.child.pid;
  }

  tail(): string {
    return this.process?.tail() ?? '';
  }
}
