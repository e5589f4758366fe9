import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
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
  messageCreatedEvent,
  type Actor,
  type AppSetting,
  type IMessage,
  type InstalledApp,
  type IRoom,
  type RpcParsedRequest,
  type RpcResponse,
  type appsApiCall,
  type appsRunCommand,
  type appsState,
  streamKey,
} from '@rc/contracts';
import { APP_PERSISTENCE_MODEL, MessagesRepository, RoomsRepository, SubscriptionsRepository, UsersRepository } from '@rc/models';
import { EventBus, InjectConfig, RpcClient } from '@rc/platform';
import { PermissionChecker } from '@rc/permissions';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import type { Model } from 'mongoose';
import { match } from 'path-to-regexp';
import type { AppsEngineConfig } from '../apps-engine.env.js';
import { actingAdmin, AppApiRegistry, AppCommandRegistry, RocketNestBridges } from './bridges.js';
import { appMessageChanges, toAppMessage, toAppRoom, toAppUser } from './converters.js';
import { defaultDenoDir, isIsolatedController, useIsolatedDeno } from './deno-runtime.js';
import { MongoAppLogStorage, MongoAppMetadataStorage, MongoAppSourceStorage } from './storage.js';

/** Post-send events are shared among the engine instances: each message reaches the apps once. */
const POST_SEND_QUEUE = 'apps-engine.post-send';

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
  private readonly tempDir: string;
  private readonly apis = new AppApiRegistry();
  private readonly commands = new AppCommandRegistry();
  private readonly unsubscribe: Array<() => void> = [];
  /** Changes announced by other instances, applied one at a time. */
  private syncing: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectConfig() private readonly config: AppsEngineConfig,
    private readonly bridges: RocketNestBridges,
    private readonly metadata: MongoAppMetadataStorage,
    private readonly sources: MongoAppSourceStorage,
    private readonly logs: MongoAppLogStorage,
    private readonly rpc: RpcClient,
    private readonly events: EventBus,
    private readonly permissions: PermissionChecker,
    private readonly realtime: RealtimePublisher,
    private readonly settings: SettingsCache,
    private readonly users: UsersRepository,
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
    private readonly subscriptions: SubscriptionsRepository,
    @InjectModel(APP_PERSISTENCE_MODEL) private readonly persistence: Model<Record<string, unknown>>,
  ) {
    this.tempDir = config.APPS_TEMP_DIR ?? mkdtempSync(join(tmpdir(), 'rocket-nest-apps-'));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.bridges.bind({
      rpc: this.rpc,
      users: this.users,
      rooms: this.rooms,
      messages: this.messages,
      subscriptions: this.subscriptions,
      settings: this.settings,
      realtime: this.realtime,
      persistence: this.persistence,
      sources: this.sources,
      apis: this.apis,
      commands: this.commands,
      onActivation: () => undefined,
      onSettingChanged: () => undefined,
    });
    this.manager = new AppManager({
      metadataStorage: this.metadata,
      logStorage: this.logs,
      bridges: this.bridges,
      sourceStorage: this.sources,
      tempFilePath: this.tempDir,
    });
    useIsolatedDeno(this.manager, { denoDir: resolve(this.config.DENO_DIR ?? defaultDenoDir), maxHeapMb: this.config.APPS_MAX_HEAP_MB });
    await this.events.connected();
    await this.manager.load();
    await this.manager.enableAll();
    // Core asks for the state at its start; an engine starting later tells it what the apps provide.
    this.events.publish(appsChangedEvent, 'loaded', {
      appId: '',
      action: 'statusChanged',
      origin: this.config.INSTANCE_ID,
      state: this.state(),
    });
    this.unsubscribe.push(
      this.events.subscribe(appsChangedEvent, '*', (change) => {
        if (change.origin === this.config.INSTANCE_ID) return;
        this.syncing = this.syncing
          .then(() => this.follow(change.appId, change.action))
          .catch((error: unknown) => {
            this.logger.error({ err: error, appId: change.appId }, 'could not follow an app change');
          });
      }),
      this.events.subscribe(messageCreatedEvent, '*', ({ message, room }) => void this.postMessageSent(message, room), {
        queue: POST_SEND_QUEUE,
      }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe.forEach((stop) => stop());
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

  async get(actor: Actor, appId: string): Promise<{ app: InstalledApp }> {
    await this.assertManager(actor);
    return { app: await this.format(this.app(appId)) };
  }

  async install(actor: Actor, zipBase64: string, permissionsGranted?: Array<{ name: string }>) {
    await this.assertManager(actor);
    const zip = Buffer.from(zipBase64, 'base64');
    const user = await this.users.findById(actor.userId);
    const fulfillment = await actingAdmin
      .run(actor, () =>
        this.manager.add(zip, {
          enable: true,
          user: toAppUser(user ?? { _id: actor.userId, username: actor.username }),
          ...(permissionsGranted && { permissionsGranted }),
        }),
      )
      .catch((error: unknown) => {
        throw new DomainError(ErrorCode.InvalidParams, error instanceof Error ? error.message : String(error));
      });
    const app = fulfillment.getApp();
    if (!app) {
      const userError = fulfillment.getAppUserError() as { message?: string } | undefined;
      const reason = fulfillment.getStorageError() || userError?.message || 'The app could not be installed';
      throw new DomainError(ErrorCode.InvalidParams, reason);
    }
    this.announce(app.getID(), 'added');
    return { app: await this.format(app), implemented: fulfillment.getImplementedInferfaces() as unknown as Record<string, boolean> };
  }

  async setStatus(actor: Actor, appId: string, status: 'manually_enabled' | 'manually_disabled') {
    await this.assertManager(actor);
    const app = this.app(appId);
    const changed = await this.manager.changeStatus(app.getID(), status as AppStatus);
    this.announce(appId, 'statusChanged');
    return { status: await changed.getStatus() };
  }

  async uninstall(actor: Actor, appId: string) {
    await this.assertManager(actor);
    const app = this.app(appId);
    const formatted = await this.format(app);
    const user = await this.users.findById(actor.userId);
    await actingAdmin.run(actor, () =>
      this.manager.remove(appId, { user: toAppUser(user ?? { _id: actor.userId, username: actor.username }) }),
    );
    await this.logs.removeEntriesFor(appId);
    this.announce(appId, 'removed');
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
    for (const change of changes) {
      const setting = { ...known[change.id], value: change.value } as AppSettingDef;
      await this.manager.getSettingsManager().updateAppSetting(appId, setting);
      updated.push(setting as unknown as AppSetting);
    }
    this.announce(appId, 'settingUpdated');
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

  state(): RpcResponse<typeof appsState> {
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
    return {
      commands,
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
   * and its Deno process is killed and started again: an endless loop cannot hold chat.
   */
  async preMessageSent(message: IMessage, room: IRoom): Promise<{ prevented: boolean; message?: Partial<IMessage> }> {
    const listeners = this.manager.getListenerManager();
    const prevent = listeners.getListeners(AppInterface.IPreMessageSentPrevent);
    const extend = listeners.getListeners(AppInterface.IPreMessageSentExtend);
    const modify = listeners.getListeners(AppInterface.IPreMessageSentModify);
    if (prevent.length + extend.length + modify.length === 0) return { prevented: false };
    const sender = await this.users.findById(message.u._id);
    let current = toAppMessage(message, toAppRoom(room), toAppUser(sender ?? message.u));
    for (const app of prevent) {
      const check = await this.withinLimit(app, AppMethod.CHECKPREMESSAGESENTPREVENT, current, true);
      if (check === false) continue;
      if ((await this.withinLimit(app, AppMethod.EXECUTEPREMESSAGESENTPREVENT, current, false)) === true) {
        return { prevented: true };
      }
    }
    const pipeline: Array<[ProxiedApp[], AppMethod, AppMethod]> = [
      [extend, AppMethod.CHECKPREMESSAGESENTEXTEND, AppMethod.EXECUTEPREMESSAGESENTEXTEND],
      [modify, AppMethod.CHECKPREMESSAGESENTMODIFY, AppMethod.EXECUTEPREMESSAGESENTMODIFY],
    ];
    for (const [apps, checkMethod, executeMethod] of pipeline) {
      for (const app of apps) {
        if ((await this.withinLimit(app, checkMethod, current, true)) === false) continue;
        const changed = await this.withinLimit<AppMessage | undefined>(app, executeMethod, current, undefined);
        if (changed && typeof changed === 'object') current = { ...current, ...changed, room: current.room, sender: current.sender };
      }
    }
    return { prevented: false, message: appMessageChanges(current) };
  }

  /** `IPostMessageSent`: after the message is stored (the event arrives after the send was acknowledged). */
  private async postMessageSent(message: IMessage, room: IRoom): Promise<void> {
    if (!this.manager || message.t) return;
    const listeners = this.manager.getListenerManager().getListeners(AppInterface.IPostMessageSent);
    if (listeners.length === 0) return;
    try {
      const sender = await this.users.findById(message.u._id);
      const appMessage = toAppMessage(message, toAppRoom(room), toAppUser(sender ?? message.u));
      await this.manager.getListenerManager().executeListener(AppInterface.IPostMessageSent, appMessage);
    } catch (error) {
      this.logger.warn({ err: error, messageId: message._id }, 'an app failed on IPostMessageSent');
    }
  }

  private async withinLimit<T>(app: ProxiedApp, method: AppMethod, message: AppMessage, fallback: T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const call = app.call(method, message) as Promise<T>;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.config.APPS_HOOK_TIMEOUT_MS)));
    try {
      const result = await Promise.race([
        // An optional `check…` method the app does not have answers "method not found": the default applies.
        call.catch((error: { code?: number }) => {
          if (error?.code === -32601) return fallback;
          throw error instanceof Error ? error : new Error(JSON.stringify(error));
        }),
        late,
      ]);
      if (result !== 'late') return result;
      call.catch(() => undefined);
      await this.reportOverrun(app, method);
      return fallback;
    } catch (error) {
      this.logger.warn({ err: error, appId: app.getID(), method }, 'an app failed on a pre-send hook');
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }

  /** An app past the hook's time limit: logged as Rocket.Chat logs an app's runtime events, then restarted. */
  private async reportOverrun(app: ProxiedApp, method: string): Promise<void> {
    const now = new Date();
    const reason = `${method} did not answer within ${this.config.APPS_HOOK_TIMEOUT_MS} ms: the app's process is restarted`;
    this.logger.warn({ appId: app.getID(), method }, reason);
    await this.logs
      .storeEntries({
        appId: app.getID(),
        method: 'runtime:timeout',
        entries: [{ severity: 'error', method, timestamp: now, caller: 'apps-engine', args: [reason] }],
        startTime: now,
        endTime: now,
        totalTime: 0,
        _createdAt: now,
      } as never)
      .catch(() => undefined);
    const controller = app.getRuntimeController();
    if (isIsolatedController(controller)) void controller.restartNow(reason).catch(() => undefined);
  }

  // ---- cluster ----

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
    if (action === 'statusChanged') {
      if (AppStatusUtils.isEnabled(stored.status)) await this.manager.enable(appId);
      else await this.manager.disable(appId, stored.status);
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

  /** Tells the other instances, core (commands, hooks) and the clients (`stream-apps`). */
  private announce(appId: string, action: 'added' | 'removed' | 'statusChanged' | 'settingUpdated'): void {
    this.events.publish(appsChangedEvent, appId, { appId, action, origin: this.config.INSTANCE_ID, state: this.state() });
    const eventName = {
      added: 'app/added',
      removed: 'app/removed',
      statusChanged: 'app/statusUpdate',
      settingUpdated: 'app/settingUpdated',
    }[action];
    const status = action === 'statusChanged' ? this.manager.getOneById(appId)?.getStorageItem().status : undefined;
    for (const event of [appsStreamEvent, appsEngineStreamEvent]) {
      this.events.publish(event, streamKey(eventName), { eventName, args: status ? [appId, status] : [appId] });
    }
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
      status: await app.getStatus(),
      languages: item.languageContent,
      private: item.installationSource === AppInstallationSource.PRIVATE,
      installed: true,
      settings: item.settings,
      ...(item.createdAt && { createdAt: item.createdAt }),
    };
  }
}
