import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { APP_NAMES, AppInstance, FEATURE_APPS, type AppName } from './app-instance.js';
import { freePort } from './free-port.js';
import { LocalMongo } from './mongo-server.js';
import { LocalNats } from './nats-server.js';
import { repoRoot } from './paths.js';
import { Supervisor, type SupervisorOptions } from './supervisor.js';

export interface StackOptions {
  /** Instances per app; an app left out starts once (a feature app not at all, see FEATURE_APPS), 0 leaves it out. */
  instances?: Partial<Record<AppName, number>>;
  /** Start every feature app too (npm start, the benchmark's whole system). */
  allFeatures?: boolean;
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
  /** How often the file-backed database checkpoints (see LocalMongoOptions.checkpointMs). */
  mongoCheckpointMs?: number;
  /** Fixed ports (npm start); free ports when unset. */
  ports?: Partial<Record<AppName, number>>;
  logDir?: string;
  onLine?: (instanceId: string, line: string) => void;
  /** Restart whatever dies (apps, NATS, the local database) with backoff, as `npm start` does; off in tests. */
  supervise?: SupervisorOptions;
}

/**
 * Whether an app of the stack reads change streams: only stream-hub, when it is the realtime source. Otherwise the
 * local database keeps no oplog, which nobody would read and which cost a fifth of its CPU a message (an entry with
 * the whole document for every write, in the same commit).
 */
export function readsChangeStreams(options: Pick<StackOptions, 'env' | 'appEnv'>, env: NodeJS.ProcessEnv = process.env): boolean {
  return { ...env, ...options.env, ...options.appEnv?.['stream-hub'] }.REALTIME_SOURCE === 'stream-hub';
}

/**
 * The whole system as separate processes: real NATS, the database, and every app. Used by `npm start`,
 * the end-to-end tests (one stack per suite, on free ports) and the benchmark.
 */
export class Stack {
  readonly apps = new Map<AppName, AppInstance[]>();
  private instanceCounter = 0;
  /** Set once the stack is up, when it supervises its processes. */
  supervisor?: Supervisor;

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
    await mongo.restart();
    return mongo;
  }

  /**
   * An outage of NATS, not a crash: stops the local server for `ms` (the supervisor, which would restart it at
   * once, is told nothing), then starts it again on the same port and supervises it again.
   */
  async stopNatsFor(ms: number): Promise<void> {
    const nats = this.nats;
    if (!nats) throw new Error('the stack uses an external NATS');
    await nats.stop();
    await new Promise((resolve) => setTimeout(resolve, ms));
    await nats.start();
    if (this.supervisor) this.superviseNats(this.supervisor, nats);
  }

  static async start(options: StackOptions = {}): Promise<Stack> {
    const runId = randomBytes(4).toString('hex');
    const logDir = options.logDir ?? join(repoRoot, '.local/logs', runId);
    const [nats, mongo] = await Promise.all([
      options.natsUrl ? undefined : LocalNats.start(logDir),
      options.mongoUrl
        ? undefined
        : LocalMongo.start({
            logDir,
            file: options.mongoFile,
            commit: options.mongoCommit,
            checkpointMs: options.mongoCheckpointMs,
            oplog: readsChangeStreams(options),
          }),
    ]);
    const stack = new Stack(
      options,
      logDir,
      options.natsUrl ?? nats!.url,
      options.mongoUrl ?? mongo!.url(options.mongoFile ? 'rocketchat' : `rc_${runId}`),
      nats,
      mongo,
    );
    try {
      // Services first, then the gateway: one started before presence answers is registered only by its first
      // logins' batch or its next heartbeat (GATEWAY_HEARTBEAT_MS later), and its first requests could find no one.
      const services = APP_NAMES.filter((app) => app !== 'gateway');
      const count = (app: AppName) => options.instances?.[app] ?? (FEATURE_APPS.has(app) && !options.allFeatures ? 0 : 1);
      await Promise.all(services.flatMap((app) => stack.startInstances(app, count(app))));
      await Promise.all(stack.startInstances('gateway', options.instances?.gateway ?? 1));
    } catch (error) {
      await stack.stop();
      throw error;
    }
    if (options.supervise) stack.superviseAll(new Supervisor(options.supervise));
    return stack;
  }

  /** From now on, whatever dies is restarted (instances started later too). */
  private superviseAll(supervisor: Supervisor): void {
    this.supervisor = supervisor;
    const { nats, mongo } = this;
    if (nats) this.superviseNats(supervisor, nats);
    if (mongo) {
      supervisor.watch({
        name: 'mongo-server',
        exited: () => mongo.exited,
        restart: () => mongo.restart(),
        tail: () => mongo.tail(),
        pid: () => mongo.pid,
      });
    }
    for (const instance of [...this.apps.values()].flat()) this.superviseInstance(instance);
  }

  private superviseNats(supervisor: Supervisor, nats: LocalNats): void {
    supervisor.watch({
      name: 'nats-server',
      exited: () => nats.exited,
      restart: () => nats.start(),
      tail: () => nats.tail(),
      pid: () => nats.pid,
    });
  }

  /** One app's place in the stack (its port): a dead instance is replaced by a new one on the same port. */
  private superviseInstance(first: AppInstance): void {
    let current = first;
    this.supervisor?.watch({
      name: `${first.app} (port ${first.port})`,
      // An instance removed on purpose (stop, scale-in, a test's restart) is not a crash.
      exited: () => (this.instances(current.app).includes(current) ? current.process.exited : undefined),
      restart: async () => {
        this.forget(current);
        current = await this.launchInstance(current.app, {}, current.port);
      },
      tail: () => current.process.tail(),
      pid: () => current.process.child.pid,
    });
  }

  private startInstances(app: AppName, count: number): Promise<AppInstance>[] {
    return Array.from({ length: count }, () => this.startInstance(app));
  }

  /** Starts one more instance of an app (scale-out, or a replacement after a kill), on `port` if given. */
  async startInstance(app: AppName, env: Record<string, string> = {}, port?: number): Promise<AppInstance> {
    const instance = await this.launchInstance(app, env, port);
    this.superviseInstance(instance);
    return instance;
  }

  private async launchInstance(app: AppName, env: Record<string, string> = {}, port?: number): Promise<AppInstance> {
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
    // Forgotten first, so that its end is not taken for a crash.
    this.forget(instance);
    await (how === 'kill' ? instance.kill() : instance.stop());
  }

  private forget(instance: AppInstance): void {
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
    this.supervisor?.stop();
    await Promise.all(this.instances('gateway').map((i) => i.stop()));
    await Promise.all([...this.apps.values()].flat().map((i) => i.stop()));
    this.apps.clear();
    await this.nats?.stop();
    await this.localMongo?.stop();
  }
}
