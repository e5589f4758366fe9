import { join } from 'node:path';
import { execPath } from 'node:process';
import { spawnManaged, type ManagedProcess } from './child-process.js';
import { appEntry, compileCacheDir } from './paths.js';
import { waitFor } from './wait-for.js';

export const APP_NAMES = [
  'gateway',
  'accounts',
  'authorization',
  'presence',
  'stream-hub',
  'core',
  'omnichannel',
  'omnichannel-voip',
  'apps-engine',
] as const;
export type AppName = (typeof APP_NAMES)[number];
/**
 * Apps of one feature (omnichannel, VoIP, Apps): `npm start` runs them, a test stack only when its `instances`
 * names them, so that the many suites that never touch a feature do not pay for its processes.
 */
export const FEATURE_APPS: ReadonlySet<AppName> = new Set<AppName>(['omnichannel', 'omnichannel-voip', 'apps-engine']);

/**
 * How node runs every app, here and in the image (`docker/Dockerfile`'s CMD, checked by `deploy-files.spec.ts`).
 * (A 64 MB young generation, `--max-semi-space-size=64`, was measured and left out: README, issue 23.)
 */
export const APP_NODE_FLAGS = ['--enable-source-maps'] as const;

function reachableHost(bindIp: string | undefined): string {
  if (!bindIp || bindIp === '0.0.0.0') return '127.0.0.1';
  return bindIp === '::' ? '::1' : bindIp;
}

/** One running process of one app, started from its build in dist/. */
export class AppInstance {
  private constructor(
    readonly app: AppName,
    readonly instanceId: string,
    readonly port: number,
    readonly process: ManagedProcess,
    /** Where to reach it: its BIND_IP, or the loopback when it listens on every interface. */
    readonly host = '127.0.0.1',
  ) {}

  static async start(options: {
    app: AppName;
    instanceId: string;
    port: number;
    env: NodeJS.ProcessEnv;
    logDir: string;
    /** Extra arguments for node itself (e.g. `--cpu-prof`). */
    nodeArgs?: string[];
    onLine?: (line: string) => void;
  }): Promise<AppInstance> {
    const args = [...APP_NODE_FLAGS, ...(options.nodeArgs ?? []), appEntry(options.app)];
    // The Node running this process (the project's Node 24, see scripts/project-node.mjs), whatever PATH says.
    const process = spawnManaged(options.instanceId, execPath, args, {
      env: { NODE_COMPILE_CACHE: compileCacheDir, ...options.env, PORT: String(options.port), INSTANCE_ID: options.instanceId },
      logFile: join(options.logDir, `${options.instanceId}.log`),
      onLine: options.onLine,
    });
    const instance = new AppInstance(options.app, options.instanceId, options.port, process, reachableHost(options.env.BIND_IP));
    // A profiled app writes its CPU profile after its shutdown: on a loaded machine that takes longer than the usual grace.
    if (args.includes('--cpu-prof')) instance.stopGraceMs = 60_000;
    let ended = false;
    void process.exited.then(() => (ended = true));
    await waitFor(async () => ended || (await instance.isReady()), {
      timeoutMs: 60_000,
      describe: () => `${options.instanceId} to be ready`,
    }).catch(async (error: Error) => {
      await process.kill();
      throw new Error(`${error.message}\n${process.tail()}`);
    });
    if (ended) throw new Error(`${options.instanceId} exited during start-up:\n${process.tail()}`);
    return instance;
  }

  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  async isReady(): Promise<boolean> {
    const response = await fetch(`${this.url}/ready`).catch(() => undefined);
    return response?.status === 200;
  }

  /** How long `stop` waits after SIGTERM before SIGKILL (the process's default when undefined). */
  stopGraceMs?: number;

  /** Graceful: SIGTERM and wait for the exit. */
  stop(): Promise<void> {
    return this.process.stop(this.stopGraceMs);
  }

  /** Abrupt: SIGKILL, no shutdown hooks run. */
  kill(): Promise<void> {
    return this.process.kill();
  }
}
