import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn, type ChildProcess } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager.js';
import type { IParseAppPackageResult } from '@rocket.chat/apps-engine/server/compiler/IParseAppPackageResult.js';
import { AppRuntimeManager } from '@rocket.chat/apps-engine/server/managers/AppRuntimeManager.js';
import { DenoRuntimeSubprocessController } from '@rocket.chat/apps-engine/server/runtime/deno/AppsEngineDenoRuntime.js';
import type { IAppStorageItem } from '@rocket.chat/apps-engine/server/storage/IAppStorageItem.js';
import { within } from '@rc/platform';

const require = createRequire(import.meta.url);

/** The apps-engine package's directory (node_modules/@rocket.chat/apps-engine). */
export const appsEnginePackageDir = dirname(require.resolve('@rocket.chat/apps-engine/package.json'));
/** Our import map for the package's Deno runtime (the jsr:@std modules replaced by local stand-ins). */
export const denoConfigPath = resolve(appsEnginePackageDir, '../../../apps/apps-engine/deno-runtime/deno.jsonc');

/** Where `scripts/setup.mjs` caches the runtime's npm modules. */
export const defaultDenoDir = resolve(appsEnginePackageDir, '../../../.local/deno');

/** The Deno binary the `deno` npm package installed (its own copy, or the platform package's). */
export function denoBinary(): string {
  const own = join(dirname(require.resolve('deno/package.json')), 'deno');
  if (existsSync(own)) return own;
  const target = `${process.platform === 'darwin' ? 'darwin' : 'linux'}-${process.arch === 'arm64' ? 'arm64' : 'x64'}${process.platform === 'linux' ? '-glibc' : ''}`;
  return join(dirname(require.resolve(`@deno/${target}/package.json`, { paths: [dirname(require.resolve('deno/package.json'))] })), 'deno');
}

export interface DenoOptions {
  denoDir: string;
  maxHeapMb: number;
  /** `Integrations_Allow_Private_Addresses`, read at each start of an app's process. */
  allowPrivateAddresses?: () => boolean;
  /** An app's process ended unexpectedly (crash, out of memory, killed): why, for the app's logs. */
  onExit?: (appId: string, reason: string) => void;
}

/**
 * What an app with `networking` may not reach with its own `fetch`, `node:http` or `node:net` (Deno's
 * `--deny-net`): the webhooks' non-public IPv4 ranges (loopback, private, link-local where cloud metadata
 * lives, carrier-grade NAT, unspecified, benchmarking, multicast, reserved), IPv6 loopback and unspecified, the
 * cloud metadata service's IPv6 address, and `localhost`. Deno checks the host as written, an IP literal in any
 * notation normalised first (an IPv4-mapped IPv6 address, `[::ffff:127.0.0.1]`, is checked as its IPv4
 * address, `localhost.` as `localhost`), not what a host name resolves to; and its `--deny-net` takes IPv4
 * ranges but only single IPv6 addresses (Deno 2.9: "invalid IPv6 address in '[fc00::/7]'"), so the IPv6
 * private ranges (fc00::/7, fe80::/10) cannot be denied here. The app's `http` accessor (the HTTP bridge)
 * covers both: it resolves, then checks every address.
 */
export const DENIED_NETWORKS = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '224.0.0.0/3',
  '[::1]',
  '[::]',
  '[fd00:ec2::254]',
  'localhost',
];

/** The last lines a process wrote on stderr (V8's out-of-memory report, an uncaught error). */
const STDERR_TAIL = 2_000;

/**
 * The internals of the engine's controller this subclass drives: its spawn is replaced so that the runtime
 * runs with our import map, read access to the apps-engine package and the temp directory only, no
 * environment, and a heap limit. Everything else (messaging, liveness, restarts) is the engine's.
 */
interface ControllerInternals {
  deno?: ChildProcess;
  spawnId: number;
  tempFilePath: string;
  denoRuntimePath: string;
  appPackage: IParseAppPackageResult;
  messenger: { setReceiver(deno: ChildProcess): void };
  livenessManager: { attach(deno: ChildProcess): void; restartProcess(reason: string, source?: string): Promise<void> };
  state: string;
  setupListeners(): void;
}

/** The engine's controller methods this subclass wraps. */
interface EngineControllerMethods {
  restartApp(): Promise<void>;
  sendRequest(message: { method: string; params?: unknown[] }, options?: unknown): Promise<unknown>;
}

/** The engine's controller seen without its private members, so that its spawn can be replaced. */
const EngineController = DenoRuntimeSubprocessController as unknown as new (
  manager: AppManager,
  appPackage: IParseAppPackageResult,
  storageItem: IAppStorageItem,
) => EngineControllerMethods;

/** Set while a restart runs: its own requests (construct, initialize, status) must not wait for it. */
const insideRestart = new AsyncLocalStorage<true>();

class IsolatedDenoController extends EngineController {
  constructor(
    manager: AppManager,
    appPackage: IParseAppPackageResult,
    storageItem: IAppStorageItem,
    private readonly isolation: DenoOptions,
  ) {
    super(manager, appPackage, storageItem);
  }

  spawnProcess(): void {
    const self = this as unknown as ControllerInternals;
    const { info } = self.appPackage;
    const args = [
      'run',
      '--cached-only',
      '--no-prompt',
      `--config=${denoConfigPath}`,
      `--allow-read=${[join(appsEnginePackageDir, '..', '..'), self.tempFilePath].join(',')}`,
      '--allow-env=NODE_EXTRA_CA_CERTS',
      `--v8-flags=--max-old-space-size=${this.isolation.maxHeapMb}`,
      ...this.networkFlags(!info.permissions || info.permissions.some((p) => p.name === 'networking')),
      self.denoRuntimePath,
      '--subprocess',
      info.id,
      '--spawnId',
      String(self.spawnId++),
    ];
    try {
      const deno = spawn(denoBinary(), args, { env: { DENO_DIR: this.isolation.denoDir, NO_COLOR: '1' } });
      self.deno = deno;
      // A write racing the process's end (a restart, a crash) fails with EPIPE: the exit below tells what happened.
      deno.stdin?.on('error', () => undefined);
      let stderr = '';
      deno.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL)));
      deno.once('exit', (code, signal) => {
        // A stop or a restart the engine asked for is not news; anything else is the app's doing.
        const outOfMemory = /out of memory|heap limit/i.test(stderr);
        if (!outOfMemory && (self.state === 'stopped' || self.state === 'restarting' || (code === 0 && !signal))) return;
        this.exits++;
        const reason = outOfMemory
          ? `The app's process ran out of memory (heap limit ${this.isolation.maxHeapMb} MB) and was restarted`
          : `The app's process ended (${signal ? `signal ${signal}` : `exit code ${code}`}) and was restarted: ${stderr.trim().slice(-500)}`;
        this.lastExit = { reason, at: new Date() };
        this.isolation.onExit?.(info.id, reason);
      });
      self.messenger.setReceiver(deno);
      self.livenessManager.attach(deno);
      self.setupListeners();
    } catch (error) {
      self.state = 'invalid';
      throw error;
    }
  }

  /**
   * `--allow-net` for an app with `networking`, with `--deny-net` for the non-public addresses unless
   * `Integrations_Allow_Private_Addresses`; the rule this process runs under is kept (`privateAddressesAllowed`)
   * so that a change of the setting restarts it.
   */
  private networkFlags(networking: boolean): string[] {
    if (!networking) {
      this.privateAddressesAllowed = undefined;
      return [];
    }
    this.privateAddressesAllowed = this.isolation.allowPrivateAddresses?.() === true;
    return ['--allow-net', ...(this.privateAddressesAllowed ? [] : [`--deny-net=${DENIED_NETWORKS.join(',')}`])];
  }

  /** For an app with `networking`: whether its current process may reach non-public addresses. */
  privateAddressesAllowed?: boolean;

  /** How often the app's process ended on its own, and the last time why. */
  exits = 0;
  lastExit?: { reason: string; at: Date };

  /** The restart under way (or the drain before one), settled either way; undefined when none is. */
  private restart?: Promise<void>;
  /** Requests sent to the current process and not answered yet: a planned restart lets them finish first. */
  private readonly pending = new Set<Promise<unknown>>();

  /**
   * Runs `work` (a restart) while the requests from outside it wait. The engine sends requests whatever the
   * process's state, and one sent between the kill and the new process's `app:construct` is never answered or
   * answers an error: a pre-send hook skipped, a post-event lost.
   */
  private gated<T>(work: () => Promise<T>): Promise<T> {
    const running = insideRestart.run(true, work);
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.restart = settled;
    void settled.then(() => {
      if (this.restart === settled) this.restart = undefined;
    });
    return running;
  }

  override restartApp(): Promise<void> {
    // What the old process was sent, it will not answer.
    this.pending.clear();
    return this.gated(() => super.restartApp());
  }

  /** Resolves once no restart is under way (at once when none is). */
  async settled(): Promise<void> {
    while (this.restart) await this.restart;
  }

  /** A request from outside a restart waits for it to end, then goes to the fresh process. */
  override async sendRequest(message: { method: string; params?: unknown[] }, options?: unknown): Promise<unknown> {
    if (insideRestart.getStore()) return super.sendRequest(message, options);
    await this.settled();
    const request = super.sendRequest(message, options);
    this.pending.add(request);
    const done = () => void this.pending.delete(request);
    request.then(done, done);
    return request;
  }

  /**
   * The controller's state of the app's process (`ready`, `restarting`, `invalid`, `stopped`, …). `restarting`
   * for the whole restart: the engine's own state reads `ready` once the new process says so, before its app exists.
   */
  get processState(): string {
    return this.restart ? 'restarting' : (this as unknown as ControllerInternals).state;
  }

  /** The process id of the app's runtime (for its memory). */
  get pid(): number | undefined {
    return (this as unknown as ControllerInternals).deno?.pid;
  }

  /**
   * Kills the process now and starts a fresh one (an app past its time limit, a new network rule). The engine's
   * restart gives the new process the status of the storage item this controller was made with (the app's
   * status at its start): the app's current item is handed over first, so an enabled app comes back enabled.
   * With `drainMs` (a planned restart), the requests already sent get that long to be answered first.
   */
  async restartNow(reason: string, current?: IAppStorageItem, drainMs = 0): Promise<void> {
    if (current) (this as unknown as { storageItem: IAppStorageItem }).storageItem = current;
    await this.gated(async () => {
      if (drainMs > 0) await within(Promise.allSettled([...this.pending]), drainMs, () => undefined);
      await (this as unknown as ControllerInternals).livenessManager.restartProcess(reason, 'apps-engine');
    });
    // The engine's app keeps its status for minutes, cleared when the process exits: asked while the process was
    // down it kept "unknown" (the app's routes would answer "App not found"); the fresh process is asked again.
    (this as unknown as EventEmitter).emit('processExit');
  }
}

export type AppRuntimeController = IsolatedDenoController;

/** Makes `manager` run every app in our isolated Deno controller. */
export function useIsolatedDeno(manager: AppManager, options: DenoOptions): void {
  (manager as unknown as { runtime: AppRuntimeManager }).runtime = new AppRuntimeManager(
    manager,
    (m, appPackage, storageItem) =>
      new IsolatedDenoController(m, appPackage, storageItem, options) as unknown as DenoRuntimeSubprocessController,
  );
}

export function isIsolatedController(value: unknown): value is IsolatedDenoController {
  return value instanceof IsolatedDenoController;
}
