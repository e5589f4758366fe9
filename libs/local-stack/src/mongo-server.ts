import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnManaged, type ManagedProcess } from './child-process.js';
import { freePort } from './free-port.js';
import { mongoServerJar } from './paths.js';

/**
 * The local MongoDB-wire-compatible server (mongo-java-server, see tools/mongo-server), used when no
 * MONGO_URL is given: in memory, or in an H2 file that survives restarts.
 */
export class LocalMongo {
  private constructor(
    readonly port: number,
    private readonly args: string[],
    private readonly logDir: string,
    private process: ManagedProcess,
  ) {}

  static async start(options: { logDir: string; file?: string; port?: number }): Promise<LocalMongo> {
    if (!existsSync(mongoServerJar)) throw new Error(`${mongoServerJar} is missing: run "node scripts/setup.mjs"`);
    const port = options.port ?? (await freePort());
    const args = ['-Xss4m', '-jar', mongoServerJar, '--port', String(port)];
    if (options.file) {
      mkdirSync(dirname(options.file), { recursive: true });
      args.push('--file', options.file);
    }
    return new LocalMongo(port, args, options.logDir, await LocalMongo.spawn(args, options.logDir));
  }

  private static async spawn(args: string[], logDir: string): Promise<ManagedProcess> {
    let announce: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (announce = resolve));
    const process = spawnManaged('mongo-server', 'java', args, {
      logFile: join(logDir, 'mongo-server.log'),
      onLine: (line) => line.startsWith('READY ') && announce(),
    });
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      ready.then(() => 'ready' as const),
      process.exited.then(() => 'exited' as const),
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 60_000))),
    ]);
    clearTimeout(timer);
    if (outcome !== 'ready') {
      await process.kill();
      throw new Error(`mongo-server did not start (${outcome}):\n${process.tail()}`);
    }
    return process;
  }

  /** Starts the server again on the same port and file (after it died: the launcher's supervision). */
  async restart(): Promise<void> {
    await this.process.kill();
    this.process = await LocalMongo.spawn(this.args, this.logDir);
  }

  /** The end of the server process running now. */
  get exited(): Promise<number | string> {
    return this.process.exited;
  }

  tail(): string {
    return this.process.tail();
  }

  get pid(): number | undefined {
    return this.process.child.pid;
  }

  /** A connection string for one database of this server. */
  url(database: string): string {
    return `mongodb://127.0.0.1:${this.port}/${database}?directConnection=true`;
  }

  async stop(): Promise<void> {
    await this.process.stop(10_000);
  }
}
