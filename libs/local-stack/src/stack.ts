import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { APP_NAMES, AppInstance, type AppName } from './app-instance.js';
import { freePort } from './free-port.js';
import { LocalMongo } from './mongo-server.js';
import { LocalNats } from './nats-server.js';
import { repoRoot } from './paths.js';

export interface StackOptions {
  /** Instances per app; an app left out starts once, 0 leaves it out. */
  instances?: Partial<Record<AppName, number>>;
  /** Environment for every app (on top of the infrastructure URLs). */
  env?: Record<string, string>;
  /** Environment for one app only. */
  appEnv?: Partial<Record<AppName, Record<string, string>>>;
  /** Extra node arguments for one app (profiling: `--cpu-prof`). */
  nodeArgs?: Partial<Record<AppName, string[]>>;
  /** External servers; when unset a local one is started. */
  natsUrl?: string;
  mongoUrl?: string;
  /** Persist the local database in this H2 file (npm start); in memory when unset (tests). */
  mongoFile?: string;
  /** How the file-backed database commits (see LocalMongoOptions.commit). */
  mongoCommit?: 'sync' | 'auto';
  /** Fixed ports (npm start); free ports when unset. */
  ports?: Partial<Record<AppName, number>>;
  logDir?: string;
  onLine?: (instanceId: string, line: string) => void;
}

/**
 * The whole system as separate processes: real NATS, the database, and every app. Used by `npm start`,
 * the end-to-end tests (one stack per suite, on free ports) and the benchmark.
 */
export class Stack {
  readonly apps = new Map<AppName, AppInstance[]>();
  private instanceCounter = 0;

  private constructor(
    readonly options: StackOptions,
    readonly logDir: string,
    readonly natsUrl: string,
    readonly mongoUrl: string,
    readonly nats?: LocalNats,
    private localMongo?: LocalMongo,
  ) {}

  /** The local database, when the stack started one. */
  get mongo(): LocalMongo | undefined {
    return this.localMongo;
  }

  /** Stops (or SIGKILLs) the local database and starts it again on the same port and file. */
  async restartMongo(how: 'stop' | 'kill' = 'stop'): Promise<LocalMongo> {
    const mongo = this.localMongo;
    if (!mongo) throw new Error('the stack uses an external database');
    await (how === 'kill' ? mongo.kill() : mongo.stop());
    this.localMongo = await mongo.restart();
    return this.localMongo;
  }

  static async start(options: StackOptions = {}): Promise<Stack> {
    const runId = randomBytes(4).toString('hex');
    const logDir = options.logDir ?? join(repoRoot, '.local/logs', runId);
    const nats = options.natsUrl ? undefined : await LocalNats.start(logDir);
    const mongo = options.mongoUrl ? undefined : await LocalMongo.start({ logDir, file: options.mongoFile, commit: options.mongoCommit });
    const stack = new Stack(
      options,
      logDir,
      options.natsUrl ?? nats!.url,
      options.mongoUrl ?? mongo!.url(options.mongoFile ? 'rocketchat' : `rc_${runId}`),
      nats,
      mongo,
    );
    try {
      // Services first, so that the gateway's first requests find them.
      const services = APP_NAMES.filter((app) => app !== 'gateway');
      await Promise.all(services.flatMap((app) => stack.startInstances(app, options.instances?.[app] ?? 1)));
      await Promise.all(stack.startInstances('gateway', options.instances?.gateway ?? 1));
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  private startInstances(app: AppName, count: number): Promise<AppInstance>[] {
    return Array.from({ length: count }, () => this.startInstance(app));
  }

  /** Starts one more instance of an app (scale-out, or a replacement after a kill), on `port` if given. */
  async startInstance(app: AppName, env: Record<string, string> = {}, port?: number): Promise<AppInstance> {
    const n = ++this.instanceCounter;
    const fixed = this.options.ports?.[app];
    port ??= fixed !== undefined && !this.apps.get(app)?.length ? fixed : await freePort();
    const instanceId = `${app}-${n}`;
    const instance = await AppInstance.start({
      app,
      instanceId,
      port,
      logDir: this.logDir,
      nodeArgs: this.options.nodeArgs?.[app],
      env: {
        ...process.env,
        NATS_URL: this.natsUrl,
        MONGO_URL: this.mongoUrl,
        ...this.options.env,
        ...this.options.appEnv?.[app],
        ...env,
      },
      onLine: this.options.onLine && ((line) => this.options.onLine!(instanceId, line)),
    });
    this.apps.set(app, [...(this.apps.get(app) ?? []), instance]);
    return instance;
  }

  instances(app: AppName): AppInstance[] {
    return this.apps.get(app) ?? [];
  }

  /** The base URL of a gateway instance (REST under /api, DDP under /websocket). */
  gatewayUrl(index = 0): string {
    const gateway = this.instances('gateway')[index];
    if (!gateway) throw new Error(`no gateway instance #${index}`);
    return gateway.url;
  }

  /** Removes an instance from the stack after stopping or killing it. */
  async remove(instance: AppInstance, how: 'stop' | 'kill' = 'stop'): Promise<void> {
    await (how === 'kill' ? instance.kill() : instance.stop());
    this.apps.set(
      instance.app,
      this.instances(instance.app).filter((i) => i !== instance),
    );
  }

  /** Stops (or kills) an instance and starts a new one on the same port: clients reconnect to the same URL. */
  async restart(instance: AppInstance, how: 'stop' | 'kill' = 'stop'): Promise<AppInstance> {
    await this.remove(instance, how);
    return this.startInstance(instance.app, {}, instance.port);
  }

  async stop(): Promise<void> {
    await Promise.all(this.instances('gateway').map((i) => i.stop()));
    await Promise.all([...this.apps.values()].flat().map((i) => i.stop()));
    this.apps.clear();
    await this.nats?.stop();
    await this.localMongo?.stop();
  }
}
