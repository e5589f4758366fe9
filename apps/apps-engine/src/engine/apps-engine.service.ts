import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientNats } from '@nestjs/microservices';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { AppStatus, AppStatusUtils } from '@rocket.chat/apps-engine/definition/AppStatus.js';
import type { IMessage as AppMessage } from '@rocket.chat/apps-engine/definition/messages/IMessage.js';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata/AppInterface.js';
import { AppMethod } from '@rocket.chat/apps-engine/definition/metadata/AppMethod.js';
import type { ISetting as AppSettingDef } from '@rocket.chat/apps-engine/definition/settings/ISetting.js';
import { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands/SlashCommandContext.js';
import { AppManager } from '@rocket.chat/apps-engine/server/AppManager.js';
import type { ProxiedApp } from '@rocket.chat/apps-engine/server/ProxiedApp.js';
import { AppInstallationSource } from '@rocket.chat/apps-engine/server/storage/IAppStorageItem.js';
import {
  appsChangedEvent,
  appsEngineStreamEvent,
  appsStreamEvent,
  DomainError,
  ErrorCode,
  settingsChangedEvent,
  type Actor,
  type AppSetting,
  type CoreAppInteraction,
  type IMessage,
  type InstalledApp,
  type IRoom,
  type RpcParsedRequest,
  type RpcResponse,
  type appsApiCall,
  type appsRunCommand,
  type appsState,
  type UiInteractionAnswer,
  streamKey,
} from '@rc/contracts';
import { APP_JOB_MODEL, MessagesRepository, RoomsRepository, UsersRepository } from '@rc/models';
import { StorageDrivers } from '@rc/file-storage';
import { EventBus, InjectConfig, NATS_CLIENT, outgoingCall, within } from '@rc/platform';
import { PermissionChecker, RoomAccess } from '@rc/permissions';
import { SettingsCache } from '@rc/settings';
import type { Connection, Model } from 'mongoose';
import { match } from 'path-to-regexp';
import type { AppsEngineConfig } from '../apps-engine.env.js';
import { actingAdmin, AppApiRegistry, AppCommandRegistry, RocketNestBridges } from './bridges.js';
import { appMessageChanges, toAppMessage, toAppRoom, toAppUser } from './converters.js';
import { defaultDenoDir, isIsolatedController, useIsolatedDeno } from './deno-runtime.js';
import { PostEvents } from './post-events.js';
import { AppJobScheduler } from './scheduler.js';
import { MongoAppLogStorage, MongoAppMetadataStorage, MongoAppSourceStorage } from './storage.js';

/** What went wrong, from an Error or from the engine's JSON-RPC error objects (`{code, message}`). */
function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/** The largest app package installed from a URL (as the gateway's upload limit). */
const MAX_PACKAGE_BYTES = 20 * 1024 * 1024;

/** Every engine instance answers (no queue group) with its own view of an app's runtime: `GET /api/apps/:id`. */
const RUNTIME_REPORT_SUBJECT = 'apps-engine.runtime-report';
/** How long a runtime report waits for the app's process to tell its status: within the roll call's 250-ms stall. */
const STATUS_ASK_MS = 200;
/** A hook call past APPS_HOOK_TIMEOUT_MS, and one the chain's budget left behind. */
const PAST_LIMIT = Symbol('past the hook limit');
const PAST_CHAIN = Symbol('past the chain budget');

/** One instance's view of an app: its status there, and how often its process ended on its own. */
export interface InstanceRuntime {
  instance: string;
  status: string;
  /** The Deno process's state (`ready`, `restarting`, `invalid`, …), as the engine's controller has it. */
  process?: string;
  exits: number;
  lastExit?: { reason: string; at: Date };
}

/**
 * How unhealthy a status is, to report the worst across instances: enabled, then disabled by an administrator,
 * then not started, then not loaded on that instance (`unknown`), then disabled by an error.
 */
function statusRank(status: string): number {
  const known = status as AppStatus;
  if (AppStatusUtils.isEnabled(known)) return 0;
  if ([AppStatus.MANUALLY_DISABLED, AppStatus.DISABLED].includes(known)) return 1;
  if ([AppStatus.INITIALIZED, AppStatus.CONSTRUCTED].includes(known)) return 2;
  if (known === AppStatus.UNKNOWN) return 3;
  return 4;
}

/** A snapshot of what an app gives the clients, to tell them what changed (`command/*`, `actions/changed`). */
interface AppSurface {
  commands: Map<string, boolean>;
  actions: string;
}

/** What an offline Rocket.Chat answers for the Marketplace's listings. */
const marketplaceUnreachable = () => new DomainError(ErrorCode.MarketplaceUnreachable, 'Could not reach the Marketplace');

/** Whether outgoing calls may reach non-public addresses: the HTTP bridge's rule and Deno's `--deny-net`. */
const PRIVATE_ADDRESSES = 'Integrations_Allow_Private_Addresses';

/**
 * Rocket.Chat's apps-engine in this process: the engine's AppManager over our storage and bridges, each app in
 * its own Deno process (see deno-runtime.ts). Every instance runs every installed app, as Rocket.Chat does;
 * an install, removal, status or setting change on one instance is announced (`events.apps-changed`) and the
 * others load the stored app again.
 */
@Injectable()
export class AppsEngineService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AppsEngineService.name);
  private manager!: AppManager;
  /** Resolves once the stored apps are loaded and enabled (EngineLoadedInterceptor holds the requests until then). */
  readonly loaded: Promise<void>;
  private markLoaded!: () => void;
  private readonly tempDir: string;
  private readonly apis = new AppApiRegistry();
  private readonly commands = new AppCommandRegistry();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly postEvents: PostEvents;
  private readonly scheduler: AppJobScheduler;
  /** Changes announced by other instances, applied one at a time. */
  private syncing: Promise<unknown> = Promise.resolve();
  private runtimeReports?: Subscription;
  /** Upload bodies the apps read and write (`read.getUploadReader()`, `getUploadCreator()`). */
  private readonly storage = new StorageDrivers(() => Promise.resolve(this.connection.db!));

  constructor(
    @InjectConfig() private readonly config: AppsEngineConfig,
    private readonly bridges: RocketNestBridges,
    private readonly metadata: MongoAppMetadataStorage,
    private readonly sources: MongoAppSourceStorage,
    private readonly logs: MongoAppLogStorage,
    private readonly events: EventBus,
    private readonly permissions: PermissionChecker,
    private readonly roomAccess: RoomAccess,
    private readonly settings: SettingsCache,
    private readonly users: UsersRepository,
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(APP_JOB_MODEL) jobs: Model<Record<string, unknown>>,
    @Inject(NATS_CLIENT) private readonly nats: ClientNats,
  ) {
    this.loaded = new Promise((resolve) => (this.markLoaded = resolve));
    this.tempDir = config.APPS_TEMP_DIR ?? mkdtempSync(join(tmpdir(), 'rocket-nest-apps-'));
    this.scheduler = new AppJobScheduler(jobs, {
      instanceId: config.INSTANCE_ID,
      pollMs: config.APPS_SCHEDULER_POLL_MS,
      lockMs: config.APPS_SCHEDULER_LOCK_MS,
    });
    this.postEvents = new PostEvents(
      events,
      () => this.manager?.getListenerManager(),
      users,
      (message, room) => this.appMessage(message, room),
      this.logger,
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    const bridges = this.bridges.create({
      sources: this.sources,
      apis: this.apis,
      commands: this.commands,
      scheduler: this.scheduler,
      storage: this.storage,
      appName: (appId) => this.manager?.getOneById(appId)?.getName(),
    });
    this.manager = new AppManager({
      metadataStorage: this.metadata,
      logStorage: this.logs,
      bridges,
      sourceStorage: this.sources,
      tempFilePath: this.tempDir,
    });
    useIsolatedDeno(this.manager, {
      denoDir: resolve(this.config.DENO_DIR ?? defaultDenoDir),
      maxHeapMb: this.config.APPS_MAX_HEAP_MB,
      allowPrivateAddresses: () => this.settings.get<boolean>(PRIVATE_ADDRESSES) === true,
      onExit: (appId, reason) => void this.runtimeEvent(appId, 'runtime:exit', reason),
    });
    await this.events.connected();
    await this.manager.load();
    await this.manager.enableAll();
    this.markLoaded();
    this.scheduler.start();
    await this.nats.connect();
    this.runtimeReports = this.natsConnection.subscribe(RUNTIME_REPORT_SUBJECT, {
      callback: (error, msg) => {
        if (error) return;
        void this.instanceRuntime(msg.string()).then((report) => msg.respond(JSON.stringify(report)));
      },
    });
    // Core asks for the state at its start; an engine starting later tells it what the apps provide.
    this.events.publish(appsChangedEvent, 'loaded', {
      appId: '',
      action: 'statusChanged',
      origin: this.config.INSTANCE_ID,
      state: await this.state(),
    });
    this.unsubscribe.push(
      this.events.subscribe(settingsChangedEvent, streamKey(PRIVATE_ADDRESSES), () => {
        this.syncing = this.syncing
          .then(() => this.followAddressRule())
          .catch((error: unknown) => {
            this.logger.error({ err: error }, 'could not apply the address rule to the apps');
          });
      }),
      this.events.subscribe(appsChangedEvent, '*', (change) => {
        if (change.origin === this.config.INSTANCE_ID) return;
        this.syncing = this.syncing
          .then(() => this.follow(change.appId, change.action))
          .catch(async (error: unknown) => {
            // Removed on its instance while this one followed an earlier change (the engine reads the app's
            // stored record again as it disables it): its removal is the next change followed, no fault.
            const stored = await this.metadata.retrieveOne(change.appId).then(Boolean, () => true);
            if (stored) this.logger.error({ err: error, appId: change.appId }, 'could not follow an app change');
          })
          .then(() => this.postEvents.follow());
      }),
    );
    this.postEvents.follow();
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe.forEach((stop) => stop());
    this.postEvents.stop();
    this.runtimeReports?.unsubscribe();
    this.storage.close();
    // The jobs stay stored for the other instances and the next start (the engine's unload would cancel them).
    await this.scheduler.stop();
    await this.manager?.unload(false).catch(() => undefined);
    AppManager.Instance = undefined as unknown as AppManager;
    if (!this.config.APPS_TEMP_DIR) rmSync(this.tempDir, { recursive: true, force: true });
  }

  // ---- administration (`manage-apps`) ----

  async assertManager(actor: Actor): Promise<void> {
    if (!(await this.permissions.check(actor.userId, ['manage-apps']))) {
      throw new DomainError(ErrorCode.Unauthorized, 'User does not have the permissions required for this action');
    }
  }

  async list(actor: Actor): Promise<{ apps: InstalledApp[] }> {
    await this.assertManager(actor);
    const apps = await this.manager.get();
    return { apps: await Promise.all(apps.map((app) => this.format(app))) };
  }

  async get(actor: Actor, appId: string, marketplace = false): Promise<{ app: InstalledApp }> {
    await this.assertManager(actor);
    if (marketplace) throw marketplaceUnreachable();
    const app = await this.format(this.app(appId));
    return { app: { ...app, runtime: await this.clusterRuntime(appId) } };
  }

  /**
   * The Marketplace's routes on an offline server, as Rocket.Chat answers them when its Cloud cannot be reached:
   * the listings fail (500 "Could not reach the Marketplace"), a purchase URL needs a valid purchase type and then
   * a workspace token (none: "Unauthorized"), a bundle's apps (`manage-apps`) fail as an internal error.
   */
  async marketplace(actor: Actor, resource: string, purchaseType?: string): Promise<Record<string, unknown>> {
    if (resource === 'bundle') {
      await this.assertManager(actor);
      throw new DomainError(ErrorCode.Internal, 'The Marketplace cannot be reached');
    }
    if (resource === 'buildExternalUrl') {
      if (!purchaseType || !['buy', 'subscription'].includes(purchaseType)) {
        throw new DomainError(ErrorCode.InvalidParams, 'Invalid purchase type');
      }
      throw new DomainError(ErrorCode.InvalidParams, 'Unauthorized');
    }
    throw marketplaceUnreachable();
  }

  /**
   * The app's runtime across the engine instances (each answers the roll call with its own view): the worst
   * status, the exits summed, the latest exit, and each instance's detail. An instance that does not answer
   * within the window is not counted.
   */
  private async clusterRuntime(appId: string) {
    const instances: InstanceRuntime[] = [];
    const replies = await this.natsConnection.requestMany(RUNTIME_REPORT_SUBJECT, appId, { strategy: 'stall', stall: 250, maxWait: 2_000 });
    for await (const reply of replies) {
      try {
        instances.push(JSON.parse(reply.string()) as InstanceRuntime);
      } catch {
        // not a report
      }
    }
    if (!instances.some((i) => i.instance === this.config.INSTANCE_ID)) instances.push(await this.instanceRuntime(appId));
    instances.sort((a, b) => a.instance.localeCompare(b.instance));
    const worst = instances.reduce((w, i) => (statusRank(i.status) > statusRank(w.status) ? i : w), instances[0]);
    const lastExit = instances
      .map((i) => i.lastExit)
      .filter((e): e is { reason: string; at: Date } => Boolean(e))
      .sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime())[0];
    return {
      status: worst.status,
      exits: instances.reduce((sum, i) => sum + i.exits, 0),
      ...(lastExit && { lastExit }),
      instances,
    };
  }

  /**
   * An app's status without waiting on its process: the engine's stored one while the process restarts (a call
   * would wait for the restart's end), or when the process is slow to say.
   */
  private async statusOf(app: ProxiedApp): Promise<AppStatus> {
    const controller = app.getRuntimeController();
    const stored = app.getStorageItem().status;
    if (isIsolatedController(controller) && controller.processState !== 'ready') return stored;
    return within(app.getStatus(), STATUS_ASK_MS, () => stored);
  }

  /** This instance's view of an app's runtime (`unknown` when the app is not loaded here), within the roll call's window. */
  private async instanceRuntime(appId: string): Promise<InstanceRuntime> {
    const app = this.manager?.getOneById(appId);
    if (!app) return { instance: this.config.INSTANCE_ID, status: AppStatus.UNKNOWN, exits: 0 };
    const controller = app.getRuntimeController();
    const isolated = isIsolatedController(controller) ? controller : undefined;
    return {
      instance: this.config.INSTANCE_ID,
      status: await this.statusOf(app),
      ...(isolated && { process: isolated.processState, ...(isolated.lastExit && { lastExit: isolated.lastExit }) }),
      exits: isolated?.exits ?? 0,
    };
  }

  private get natsConnection(): NatsConnection {
    return this.nats.unwrap<NatsConnection>();
  }

  async install(actor: Actor, source: { zip?: string; url?: string }, permissionsGranted?: Array<{ name: string }>) {
    await this.assertManager(actor);
    const zip = source.zip ? Buffer.from(source.zip, 'base64') : source.url ? await this.download(source.url) : undefined;
    if (!zip) throw new DomainError(ErrorCode.InvalidParams, 'Failed to get a file to install for the App.');
    const user = await this.users.findById(actor.userId);
    const before = await this.surface('');
    const fulfillment = await actingAdmin
      .run(actor, () =>
        this.manager.add(zip, {
          enable: true,
          user: toAppUser(user ?? { _id: actor.userId, username: actor.username }),
          ...(permissionsGranted && { permissionsGranted }),
        }),
      )
      .catch((error: unknown) => {
        throw new DomainError(ErrorCode.InvalidParams, reasonOf(error));
      });
    const app = fulfillment.getApp();
    if (!app) {
      const userError = fulfillment.getAppUserError() as { message?: string } | undefined;
      const reason = fulfillment.getStorageError() || userError?.message || 'The app could not be installed';
      throw new DomainError(ErrorCode.InvalidParams, reason);
    }
    await this.announce(app.getID(), 'added', before);
    return { app: await this.format(app), implemented: fulfillment.getImplementedInferfaces() as unknown as Record<string, boolean> };
  }

  /**
   * `POST /api/apps/:id` (a new package of an installed app, uploaded or from a URL): the engine's update (the app
   * is stopped, its package and storage item replaced, started again; settings and persistence kept).
   */
  async update(actor: Actor, appId: string, source: { zip?: string; url?: string }, permissionsGranted?: Array<{ name: string }>) {
    await this.assertManager(actor);
    const current = this.app(appId);
    const zip = source.zip ? Buffer.from(source.zip, 'base64') : source.url ? await this.download(source.url) : undefined;
    if (!zip) throw new DomainError(ErrorCode.InvalidParams, 'Failed to get a file to install for the App.');
    const parsed = await this.manager
      .getParser()
      .unpackageApp(zip)
      .catch((error: unknown) => {
        throw new DomainError(ErrorCode.InvalidParams, reasonOf(error));
      });
    if (parsed.info.id !== appId) throw new DomainError(ErrorCode.InvalidParams, 'The package is not an update of this App');
    const user = await this.users.findById(actor.userId);
    const granted = permissionsGranted ?? current.getStorageItem().permissionsGranted ?? [];
    const before = await this.surface(appId);
    const fulfillment = await actingAdmin
      .run(actor, () =>
        this.manager.update(zip, granted as never, {
          loadApp: true,
          user: toAppUser(user ?? { _id: actor.userId, username: actor.username }),
        }),
      )
      .catch((error: unknown) => {
        throw new DomainError(ErrorCode.InvalidParams, reasonOf(error));
      });
    const app = fulfillment.getApp();
    if (!app) throw new DomainError(ErrorCode.InvalidParams, fulfillment.getStorageError() || 'The app could not be updated');
    await this.announce(appId, 'updated', before);
    return { app: await this.format(app), implemented: fulfillment.getImplementedInferfaces() as unknown as Record<string, boolean> };
  }

  /** An app package from a URL (install from URL), fetched under the outgoing address rule, at most 20 MB. */
  private async download(url: string): Promise<Buffer> {
    const response = await outgoingCall({
      url,
      method: 'GET',
      headers: { Accept: 'application/zip, application/octet-stream' },
      timeoutMs: 30_000,
      allowPrivate: this.settings.get<boolean>(PRIVATE_ADDRESSES) === true,
      maxBytes: MAX_PACKAGE_BYTES + 1,
    }).catch((error: unknown) => {
      throw new DomainError(ErrorCode.InvalidParams, `Failed to get a file to install for the App. ${(error as Error).message}`);
    });
    if (response.status !== 200) {
      throw new DomainError(ErrorCode.InvalidParams, `Failed to get a file to install for the App (HTTP ${response.status}).`);
    }
    if (response.raw.length > MAX_PACKAGE_BYTES) throw new DomainError(ErrorCode.InvalidParams, 'The App package is too large.');
    return response.raw;
  }

  async setStatus(actor: Actor, appId: string, status: 'manually_enabled' | 'manually_disabled') {
    await this.assertManager(actor);
    const app = this.app(appId);
    const before = await this.surface(appId);
    if (status === 'manually_enabled') await this.forgetCommands(appId);
    const changed = await this.manager.changeStatus(app.getID(), status as AppStatus);
    await this.announce(appId, 'statusChanged', before);
    return { status: await changed.getStatus() };
  }

  async uninstall(actor: Actor, appId: string) {
    await this.assertManager(actor);
    const app = this.app(appId);
    const formatted = await this.format(app);
    const before = await this.surface(appId);
    const user = await this.users.findById(actor.userId);
    await actingAdmin.run(actor, () =>
      this.manager.remove(appId, { user: toAppUser(user ?? { _id: actor.userId, username: actor.username }) }),
    );
    await this.logs.removeEntriesFor(appId);
    await this.announce(appId, 'removed', before);
    return { app: formatted };
  }

  async getSettings(actor: Actor, appId: string): Promise<{ settings: Record<string, AppSetting> }> {
    await this.assertManager(actor);
    return { settings: this.app(appId).getStorageItem().settings as unknown as Record<string, AppSetting> };
  }

  async setSettings(actor: Actor, appId: string, changes: Array<{ id: string; value?: unknown }>): Promise<{ updated: AppSetting[] }> {
    await this.assertManager(actor);
    const app = this.app(appId);
    const known = app.getStorageItem().settings;
    const unknown = changes.find((c) => !known[c.id]);
    if (unknown) throw new DomainError(ErrorCode.InvalidParams, `Unknown setting: ${unknown.id}`);
    const updated: AppSetting[] = [];
    const before = await this.surface(appId);
    for (const change of changes) {
      const setting = { ...known[change.id], value: change.value } as AppSettingDef;
      await this.manager.getSettingsManager().updateAppSetting(appId, setting);
      updated.push(setting as unknown as AppSetting);
    }
    await this.announce(appId, 'settingUpdated', before);
    return { updated };
  }

  async appLogs(actor: Actor, appId: string, offset: number, count: number) {
    await this.assertManager(actor);
    this.app(appId);
    const { logs, total } = await this.logs.findPaginated({ appId }, { skip: offset, limit: count, sort: { _createdAt: -1 } });
    return { logs: logs as unknown as Array<Record<string, unknown>>, offset, count: logs.length, total };
  }

  async actionButtons(): Promise<Array<Record<string, unknown>>> {
    return (await this.manager.getUIActionButtonManager().getAllActionButtons()) as unknown as Array<Record<string, unknown>>;
  }

  async languages(): Promise<{ apps: Array<{ id: string; languages: Record<string, unknown> }> }> {
    const apps = await this.manager.get();
    return { apps: apps.map((app) => ({ id: app.getID(), languages: app.getStorageItem().languageContent ?? {} })) };
  }

  // ---- what core asks ----

  async state(): Promise<RpcResponse<typeof appsState>> {
    const commands = [...this.commands.commands.values()]
      .filter((c) => c.enabled && this.isEnabled(c.appId))
      .map(({ appId, command }) => ({
        command: command.command,
        params: command.i18nParamsExample,
        description: command.i18nDescription,
        ...(command.permission && { permission: command.permission }),
        clientOnly: false,
        providesPreview: command.providesPreview,
        appId,
      }));
    const listening = (int: AppInterface) => this.manager.getListenerManager().getListeners(int).length > 0;
    const appIds = (await this.manager.get({ enabled: true })).map((app) => app.getID());
    return {
      commands,
      appIds,
      preSendHooks: [AppInterface.IPreMessageSentPrevent, AppInterface.IPreMessageSentExtend, AppInterface.IPreMessageSentModify].some(
        listening,
      ),
    };
  }

  async runCommand(request: RpcParsedRequest<typeof appsRunCommand>): Promise<Record<string, never>> {
    const [user, room] = await Promise.all([this.users.findById(request.actor.userId), this.rooms.findById(request.roomId)]);
    if (!user || !room) throw new DomainError(ErrorCode.InvalidParams, 'Invalid user or room');
    const args = request.params.split(/\s+/).filter(Boolean);
    const context = new SlashCommandContext(toAppUser(user), toAppRoom(room), args, request.tmid, request.triggerId);
    await this.manager.getCommandManager().executeCommand(request.command, context);
    return {};
  }

  /** An app's HTTP endpoint: the app's registered paths (`:params` allowed), matched in registration order. */
  async api(request: RpcParsedRequest<typeof appsApiCall>): Promise<RpcResponse<typeof appsApiCall>> {
    const app = this.manager.getOneById(request.appId);
    if (!app || !AppStatusUtils.isEnabled(await app.getStatus()))
      return { status: 404, content: { success: false, error: 'App not found' } };
    const path = request.path.replace(/^\/+|\/+$/g, '');
    for (const api of this.apis.list(request.appId)) {
      const matched = match(api.endpoint.path.replace(/^\/+/, ''), { decode: decodeURIComponent })(path);
      if (!matched) continue;
      const user = request.userId ? await this.users.findById(request.userId) : null;
      const response = await this.manager.getApiManager().executeApi(request.appId, api.endpoint.path, {
        method: request.method.toLowerCase() as never,
        headers: request.headers,
        query: request.query as Record<string, string>,
        params: { ...request.params, ...(matched.params as Record<string, string>) },
        content: request.content,
        ...(request.hash && { privateHash: request.hash }),
        ...(user && { user: toAppUser(user) }),
      });
      return { status: response.status, headers: response.headers, content: response.content as unknown };
    }
    return { status: 404, content: { success: false, error: 'Not found' } };
  }

  /**
   * The pre-send hooks on the send path: each listening app in turn, each call within APPS_HOOK_TIMEOUT_MS.
   * An app past the limit is skipped for this message (the message goes on as it was), logged in its logs,
   * and its Deno process is killed and started again: an endless loop cannot hold chat. With `budgetMs` (the
   * caller's patience), the chain stops there: the apps left are skipped and the changes so far are answered.
   */
  async preMessageSent(message: IMessage, room: IRoom, budgetMs?: number): Promise<{ prevented: boolean; message?: Partial<IMessage> }> {
    const listeners = this.manager.getListenerManager();
    const prevent = listeners.getListeners(AppInterface.IPreMessageSentPrevent);
    const extend = listeners.getListeners(AppInterface.IPreMessageSentExtend);
    const modify = listeners.getListeners(AppInterface.IPreMessageSentModify);
    if (prevent.length + extend.length + modify.length === 0) return { prevented: false };
    const chainEnd = budgetMs === undefined ? undefined : Date.now() + budgetMs;
    const hook = <T>(app: ProxiedApp, method: AppMethod, message: AppMessage, fallback: T) =>
      this.withinLimit(app, method, message, fallback, chainEnd);
    const sender = await this.users.findById(message.u._id);
    let current = toAppMessage(message, toAppRoom(room), toAppUser(sender ?? message.u));
    for (const app of prevent) {
      const check = await hook(app, AppMethod.CHECKPREMESSAGESENTPREVENT, current, true);
      if (check === false) continue;
      if ((await hook(app, AppMethod.EXECUTEPREMESSAGESENTPREVENT, current, false)) === true) {
        return { prevented: true };
      }
    }
    const pipeline: Array<[ProxiedApp[], AppMethod, AppMethod]> = [
      [extend, AppMethod.CHECKPREMESSAGESENTEXTEND, AppMethod.EXECUTEPREMESSAGESENTEXTEND],
      [modify, AppMethod.CHECKPREMESSAGESENTMODIFY, AppMethod.EXECUTEPREMESSAGESENTMODIFY],
    ];
    for (const [apps, checkMethod, executeMethod] of pipeline) {
      for (const app of apps) {
        if ((await hook(app, checkMethod, current, true)) === false) continue;
        const changed = await hook<AppMessage | undefined>(app, executeMethod, current, undefined);
        if (changed && typeof changed === 'object') current = { ...current, ...changed, room: current.room, sender: current.sender };
      }
    }
    return { prevented: false, message: appMessageChanges(current) };
  }

  private async appMessage(message: IMessage, room: IRoom): Promise<AppMessage> {
    const sender = await this.users.findById(message.u._id);
    return toAppMessage(message, toAppRoom(room), toAppUser(sender ?? message.u));
  }

  /**
   * A UI Kit interaction with an app (core spent its trigger id): the app's `executeBlockActionHandler`,
   * `executeViewSubmitHandler` or `executeViewClosedHandler`, within APPS_INTERACTION_TIMEOUT_MS. The answer is
   * the app's (`modal.open`, `modal.update`, `errors`, …) without `success`; a handler the app lacks answers `{}`.
   */
  async uiInteraction(actor: Actor, appId: string, interaction: CoreAppInteraction): Promise<UiInteractionAnswer> {
    if (!this.isEnabled(appId)) throw new DomainError(ErrorCode.InvalidApp, 'invalid service name');
    const user = await this.users.findById(actor.userId);
    if (!user) throw new DomainError(ErrorCode.InvalidUser, 'invalid user');
    const rid = interaction.rid;
    const mid = interaction.type === 'blockAction' ? interaction.mid : undefined;
    const room = rid ? await this.rooms.findById(rid) : null;
    if (rid && (!room || !(await this.roomAccess.canAccessRoom(actor.userId, rid)))) {
      throw new DomainError(ErrorCode.InvalidParams, 'invalid room');
    }
    const appRoom = room ? toAppRoom(room) : undefined;
    const stored = mid ? await this.messages.findById(mid) : null;
    const message = stored && room && stored.rid === room._id ? await this.appMessage(stored, room) : undefined;
    const data = {
      ...interaction,
      appId,
      user: toAppUser(user),
      ...(appRoom && { room: appRoom }),
      ...(message && { message }),
    };
    const answer = (await within(
      this.manager.getListenerManager().executeListener(AppInterface.IUIKitInteractionHandler, data as never),
      this.config.APPS_INTERACTION_TIMEOUT_MS,
      () => {
        throw new DomainError(ErrorCode.InvalidParams, 'The app did not answer in time');
      },
    )) as (Record<string, unknown> & { success?: boolean }) | undefined;
    if (!answer || typeof answer !== 'object' || !answer.type) return {};
    const { success: _success, ...serverInteraction } = answer;
    return serverInteraction as unknown as UiInteractionAnswer;
  }

  /** A runtime event of an app (its process exited, was killed at a limit): in its logs, as the engine's entries. */
  private async runtimeEvent(appId: string, method: string, reason: string): Promise<void> {
    const now = new Date();
    this.logger.warn({ appId, method }, reason);
    await this.logs
      .storeEntries({
        appId,
        method,
        entries: [{ severity: 'error', method, timestamp: now, caller: 'apps-engine', args: [reason] }],
        startTime: now,
        endTime: now,
        totalTime: 0,
        _createdAt: now,
      } as never)
      .catch(() => undefined);
  }

  /**
   * One hook call: the app's answer, or `fallback` when it fails, passes its limit or the chain's end comes first.
   * The limit holds even once the chain has moved on: an app past it is reported and restarted all the same.
   */
  private async withinLimit<T>(app: ProxiedApp, method: AppMethod, message: AppMessage, fallback: T, chainEnd?: number): Promise<T> {
    const left = chainEnd === undefined ? Number.POSITIVE_INFINITY : chainEnd - Date.now();
    if (left <= 0) return fallback;
    const answer = (app.call(method, message) as Promise<T>).catch((error: { code?: number }) => {
      // An optional `check…` method the app does not have answers "method not found": the default applies.
      if (error?.code === -32601) return fallback;
      throw error instanceof Error ? error : new Error(JSON.stringify(error));
    });
    const limited = within(answer, this.config.APPS_HOOK_TIMEOUT_MS, () => PAST_LIMIT);
    const reported = limited.then(
      (result) => (result === PAST_LIMIT ? this.reportOverrun(app, method) : undefined),
      () => undefined,
    );
    try {
      const result = left < this.config.APPS_HOOK_TIMEOUT_MS ? await within(limited, left, () => PAST_CHAIN) : await limited;
      // Past its own limit: answered once the entry is written (and the restart begun).
      if (result === PAST_LIMIT) await reported;
      return result === PAST_LIMIT || result === PAST_CHAIN ? fallback : (result as T);
    } catch (error) {
      this.logger.warn({ err: error, appId: app.getID(), method }, 'an app failed on a pre-send hook');
      return fallback;
    }
  }

  /**
   * An app past the hook's time limit: logged as Rocket.Chat logs an app's runtime events, then restarted — unless
   * its process was not ready (starting or restarting): the call waited for the start, which a restart would only
   * begin again, and a busy machine would see every hook of a slow start restart the app once more. Logged once
   * the restart has begun: a hook called after the entry can be read waits for the fresh process.
   */
  private async reportOverrun(app: ProxiedApp, method: string): Promise<void> {
    const controller = app.getRuntimeController();
    const restart = isIsolatedController(controller) && controller.processState === 'ready';
    const outcome = restart ? "the app's process is restarted" : 'its process was not ready: it is left to start';
    const reason = `${method} did not answer within ${this.config.APPS_HOOK_TIMEOUT_MS} ms: ${outcome}`;
    if (restart) {
      const current = (await this.metadata.retrieveOne(app.getID()).catch(() => undefined)) ?? app.getStorageItem();
      void controller.restartNow(reason, current).catch(() => undefined);
    }
    await this.runtimeEvent(app.getID(), 'runtime:timeout', reason);
  }

  // ---- cluster ----

  /**
   * `Integrations_Allow_Private_Addresses` changed (on any instance). The HTTP bridge reads it on each call; Deno's
   * network flags are fixed when an app's process starts, so each running app with `networking` whose process
   * was started under the other rule is restarted (the engine constructs and initializes it again), and a
   * `runtime:restart` entry in its logs says why.
   */
  private async followAddressRule(): Promise<void> {
    // The settings cache follows the same event: read the new value now rather than race it.
    await this.settings.reload(PRIVATE_ADDRESSES);
    const allow = this.settings.get<boolean>(PRIVATE_ADDRESSES) === true;
    for (const app of await this.manager.get()) {
      const controller = app.getRuntimeController();
      if (!isIsolatedController(controller) || controller.privateAddressesAllowed === undefined) continue;
      // A restart under way (a crash, a timeout) may have started its process under the old rule: checked after it.
      await controller.settled();
      if (controller.privateAddressesAllowed === allow || controller.processState !== 'ready') continue;
      const reason = `${PRIVATE_ADDRESSES} is now ${allow}: the app's process is restarted under the new network rule`;
      // Logged once the restart has begun (the process's state is `restarting` when the entry can be read). The
      // calls already sent get the hook's limit to be answered by the process they reached.
      const current = (await this.metadata.retrieveOne(app.getID())) ?? app.getStorageItem();
      const restarting = controller.restartNow(reason, current, this.config.APPS_HOOK_TIMEOUT_MS);
      await this.runtimeEvent(app.getID(), 'runtime:restart', reason);
      await restarting.catch((error: unknown) => {
        this.logger.warn({ err: error, appId: app.getID() }, 'could not restart an app under the new network rule');
      });
    }
  }

  /** Another instance changed an app: load it again from storage (or drop it). */
  private async follow(appId: string, action: string): Promise<void> {
    if (!appId) return;
    const local = this.manager.getOneById(appId);
    if (action === 'removed') {
      if (local) await this.manager.removeLocal(appId);
      return;
    }
    const stored = await this.metadata.retrieveOne(appId);
    if (!stored) return;
    if (!local) {
      await this.manager.addLocal(appId);
      return;
    }
    if (action === 'updated') {
      await this.manager.updateAndStartupLocal(stored, await this.sources.fetch(stored));
      return;
    }
    if (action === 'statusChanged') {
      if (AppStatusUtils.isEnabled(stored.status)) {
        await this.forgetCommands(appId);
        await this.manager.enable(appId);
      } else await this.manager.disable(appId, stored.status);
      return;
    }
    if (action === 'settingUpdated') {
      for (const setting of Object.values(stored.settings)) {
        await this.manager
          .getSettingsManager()
          .updateAppSetting(appId, setting)
          .catch(() => undefined);
      }
    }
  }

  /**
   * The engine's disable keeps the app's slash commands as provided, and its enable then initializes the app
   * again, whose commands are refused as "already exists" (and its API and buttons are never registered): the
   * commands are dropped first, and the app provides them anew.
   */
  private async forgetCommands(appId: string): Promise<void> {
    const app = this.manager.getOneById(appId);
    if (app && !AppStatusUtils.isEnabled(await app.getStatus())) await this.manager.getCommandManager().unregisterCommands(appId);
  }

  /** Tells the other instances, core (commands, hooks) and the clients (`stream-apps`). */
  private async announce(
    appId: string,
    action: 'added' | 'removed' | 'updated' | 'statusChanged' | 'settingUpdated',
    before: AppSurface,
  ): Promise<void> {
    this.events.publish(appsChangedEvent, appId, { appId, action, origin: this.config.INSTANCE_ID, state: await this.state() });
    this.postEvents.follow();
    const eventName = {
      added: 'app/added',
      removed: 'app/removed',
      updated: 'app/updated',
      statusChanged: 'app/statusUpdate',
      settingUpdated: 'app/settingUpdated',
    }[action];
    const status = action === 'statusChanged' ? this.manager.getOneById(appId)?.getStorageItem().status : undefined;
    this.emit(eventName, status ? [appId, status] : [appId]);
    // What the clients list changed: slash commands (as Rocket.Chat's command bridge tells them) and action buttons.
    const after = await this.surface(appId);
    for (const [command, enabled] of after.commands) {
      const was = before.commands.get(command);
      if (was === undefined || (!was && enabled)) this.emit(enabled ? 'command/added' : 'command/disabled', [command]);
      else if (was && !enabled) this.emit('command/disabled', [command]);
      else if (action === 'updated') this.emit('command/updated', [command]);
    }
    for (const command of before.commands.keys()) if (!after.commands.has(command)) this.emit('command/removed', [command]);
    if (before.actions !== after.actions) this.emit('actions/changed', []);
  }

  /** One event on `stream-apps` and `stream-apps-engine`. */
  private emit(eventName: string, args: unknown[]): void {
    for (const event of [appsStreamEvent, appsEngineStreamEvent]) this.events.publish(event, streamKey(eventName), { eventName, args });
  }

  /** The slash commands (name → enabled) and action buttons one enabled app gives on this instance (`''`: none yet). */
  private async surface(appId: string): Promise<AppSurface> {
    const commands = new Map<string, boolean>();
    // As the clients (and core's registry) see them: a disabled app's commands are gone.
    if (this.isEnabled(appId)) {
      for (const [name, entry] of this.commands.commands) if (entry.appId === appId) commands.set(name, entry.enabled);
    }
    const buttons = (await this.manager.getUIActionButtonManager().getAllActionButtons()) as unknown as Array<{ appId: string }>;
    return { commands, actions: JSON.stringify(buttons.filter((b) => b.appId === appId)) };
  }

  private app(appId: string): ProxiedApp {
    const app = this.manager.getOneById(appId);
    if (!app) throw new DomainError(ErrorCode.NotFound, `No App found by the id of: ${appId}`);
    return app;
  }

  private isEnabled(appId: string): boolean {
    const app = this.manager.getOneById(appId);
    return Boolean(app && AppStatusUtils.isEnabled(app.getStorageItem().status));
  }

  private async format(app: ProxiedApp): Promise<InstalledApp> {
    const item = app.getStorageItem();
    return {
      ...(app.getInfo() as unknown as Record<string, unknown>),
      id: app.getID(),
      name: app.getName(),
      version: app.getVersion(),
      status: await this.statusOf(app),
      languages: item.languageContent,
      private: item.installationSource === AppInstallationSource.PRIVATE,
      installed: true,
      settings: item.settings,
      ...(item.createdAt && { createdAt: item.createdAt }),
      ...this.runtimeInfo(app),
    };
  }

  /** Why an app's process was restarted, on this instance: its own ends (a crash, out of memory) and the last reason. */
  private runtimeInfo(app: ProxiedApp): { runtime?: { exits: number; lastExit?: { reason: string; at: Date } } } {
    const controller = app.getRuntimeController();
    if (!isIsolatedController(controller)) return {};
    return { runtime: { exits: controller.exits, ...(controller.lastExit && { lastExit: controller.lastExit }) } };
  }
}
