import { join } from 'node:path';
import { freePort } from './free-port.js';
import { ServerProcess } from './server-process.js';

/**
 * A real `nats-server` (Debian package) on a loopback port; can be stopped and started again on that port. It runs on
 * one Go scheduler thread: it serves the processes of one machine, and with a thread per core each routed message woke
 * idle threads (15 context switches a chat message instead of 11; a fifth of its CPU, measured by the bench).
 */
export class LocalNats {
  private readonly server: ServerProcess;

  private constructor(
    readonly port: number,
    logDir: string,
  ) {
    this.server = new ServerProcess({
      name: 'nats-server',
      command: 'nats-server',
      args: ['-a', '127.0.0.1', '-p', String(port)],
      logFile: join(logDir, 'nats-server.log'),
      env: { ...process.env, GOMAXPROCS: '1' },
      ports: [port],
    });
  }

  static async start(logDir: string, port?: number): Promise<LocalNats> {
    const nats = new LocalNats(port ?? (await freePort()), logDir);
    await nats.start();
    return nats;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.server.pid;
  }

  start(): Promise<void> {
    return this.server.start();
  }

  /** Stops the server on purpose: `exited` is undefined from now on, so a supervisor does not take it for a crash. */
  stop(): Promise<void> {
    return this.server.stop(5_000);
  }

  /** The end of the server process running now. */
  get exited(): Promise<number | string> | undefined {
    return this.server.exited;
  }

  tail(): string {
    return this.server.tail();
  }
}
