import { createConnection } from 'node:net';
import { join } from 'node:path';
import { spawnManaged, type ManagedProcess } from './child-process.js';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

/** A real `nats-server` (Debian package) on a loopback port; can be stopped and started again on that port. */
export class LocalNats {
  private process?: ManagedProcess;

  private constructor(
    readonly port: number,
    private readonly logDir: string,
  ) {}

  static async start(logDir: string, port?: number): Promise<LocalNats> {
    const nats = new LocalNats(port ?? (await freePort()), logDir);
    await nats.start();
    return nats;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.process?.child.pid;
  }

  async start(): Promise<void> {
    this.process = spawnManaged('nats-server', 'nats-server', ['-a', '127.0.0.1', '-p', String(this.port)], {
      logFile: join(this.logDir, 'nats-server.log'),
    });
    await waitFor(() => this.exitedEarly() || portAccepts(this.port), {
      timeoutMs: 10_000,
      describe: () => `nats-server on port ${this.port}`,
    });
    if (this.exitedEarly()) throw new Error(`nats-server did not start:\n${this.process.tail()}`);
  }

  /** Stops the server on purpose: `exited` is undefined from now on, so a supervisor does not take it for a crash. */
  async stop(): Promise<void> {
    const running = this.process;
    this.process = undefined;
    await running?.stop(5_000);
  }

  /** The end of the server process running now. */
  get exited(): Promise<number | string> | undefined {
    return this.process?.exited;
  }

  tail(): string {
    return this.process?.tail() ?? '';
  }

  private exitedEarly(): boolean {
    return this.process?.child.exitCode !== null && this.process?.child.exitCode !== undefined;
  }
}

export function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
