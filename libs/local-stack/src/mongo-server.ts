import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnManaged, type ManagedProcess } from './child-process.js';
import { freePort } from './free-port.js';
import { mongoServerJar } from './paths.js';

export interface LocalMongoOptions {
  logDir: string;
  /** The H2 MVStore file (npm start); in memory when unset (tests). */
  file?: string;
  port?: number;
  /** Oplog bounds (MongoDB caps its oplog by size): entries beyond either are trimmed. */
  oplogMaxMb?: number;
  oplogMaxHours?: number;
  /** `sync` (default): every acknowledged write is fsynced first; `auto`: MVStore's unsynced 1 s auto-commit, to measure the cost. */
  commit?: 'sync' | 'auto';
  /** How often the file is checkpointed under writes (the redo log holds the writes between two; default 5,000 ms). */
  checkpointMs?: number;
  /** `false`: no oplog, so no change streams (a bulk load nobody watches: the benchmark's data generation). */
  oplog?: boolean;
  /** The JVM's heap limit, so that memory stays bounded; the file mode keeps only a page cache in memory. */
  maxHeap?: string;
}

/**
 * G1 aims at 10 ms pauses, not its default 200: it then keeps a smaller young generation and collects it more often:
 * young pauses p50 10–16 ms instead of 25–56 (max 22–32 instead of 60–176; the database's `update-cost`, 4,000
 * messages, load 6–9, the same CPU per message). (The serial collector paused the server 25-60 ms per young
 * collection and up to 2 s on the loaded machine: G1 stays.)
 */
const JVM_FLAGS = ['-XX:MaxGCPauseMillis=10'];

/**
 * The JIT, chosen by what a sent message costs (README, "The local database"). In memory — the tests' short-lived
 * stacks — C1 alone: a flight recording of a freshly started server showed C2's compiler thread using about twice
 * the CPU of the worker thread serving the commands, minutes into a load, and C1 compiles the hot paths within
 * seconds. The file — `npm start`, which runs for days — keeps the JVM's default tiers: C2's code, once compiled,
 * made the database 20–25 % cheaper a message under sustained load.
 */
const MEMORY_JIT_FLAGS = ['-XX:TieredStopAtLevel=1'];

/**
 * The local MongoDB-wire-compatible server (mongo-java-server, see tools/mongo-server), used when no
 * MONGO_URL is given: in memory, or in an H2 file that survives restarts, every acknowledged write on disk.
 */
export class LocalMongo {
  private constructor(
    readonly port: number,
    private readonly args: string[],
    readonly options: LocalMongoOptions,
    private process: ManagedProcess,
  ) {}

  static async start(options: LocalMongoOptions): Promise<LocalMongo> {
    if (!existsSync(mongoServerJar)) throw new Error(`${mongoServerJar} is missing: run "node scripts/setup.mjs"`);
    const port = options.port ?? (await freePort());
    // In memory the heap holds every document, so it is left to the JVM's default (a quarter of the RAM).
    const heap = options.maxHeap ?? (options.file ? '1g' : undefined);
    const checkpoint = options.checkpointMs ? [`-Drocketnest.checkpointMillis=${options.checkpointMs}`] : [];
    const jit = options.file ? [] : MEMORY_JIT_FLAGS;
    const args = [
      '-Xss4m',
      ...JVM_FLAGS,
      ...jit,
      ...checkpoint,
      ...(heap ? [`-Xmx${heap}`] : []),
      '-jar',
      mongoServerJar,
      '--port',
      String(port),
    ];
    args.push('--oplog-max-mb', String(options.oplogMaxMb ?? 256), '--oplog-max-hours', String(options.oplogMaxHours ?? 24));
    if (options.oplog === false) args.push('--oplog', 'off');
    if (options.file) {
      mkdirSync(dirname(options.file), { recursive: true });
      args.push('--file', options.file, '--commit', options.commit ?? 'sync');
    }
    return new LocalMongo(port, args, options, await LocalMongo.spawn(args, options.logDir));
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

  /** The end of the server process running now. */
  get exited(): Promise<number | string> {
    return this.process.exited;
  }

  /** Its last output lines (30 unless asked). */
  tail(lines?: number): string {
    return this.process.tail(lines);
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

  /** SIGKILL, as a crash: nothing is flushed or closed. */
  async kill(): Promise<void> {
    await this.process.kill();
  }

  /** The server again on the same port and file (after it was stopped, killed or died): clients reconnect to the same URL. */
  async restart(): Promise<void> {
    await this.process.kill();
    this.process = await LocalMongo.spawn(this.args, this.options.logDir);
  }
}
