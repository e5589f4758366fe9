import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors/IHttp.js';
import type { IEmail } from '@rocket.chat/apps-engine/definition/email/IEmail.js';
import type { IMessage as AppMessage } from '@rocket.chat/apps-engine/definition/messages/IMessage.js';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata/RocketChatAssociations.js';
import type { IRole as AppRole } from '@rocket.chat/apps-engine/definition/roles/IRole.js';
import type { IRoom as AppRoom } from '@rocket.chat/apps-engine/definition/rooms/IRoom.js';
import type { IOnetimeSchedule } from '@rocket.chat/apps-engine/definition/scheduler/IOnetimeSchedule.js';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler/IProcessor.js';
import type { IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler/IRecurringSchedule.js';
import type { ISetting as AppSettingDef } from '@rocket.chat/apps-engine/definition/settings/ISetting.js';
import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands/ISlashCommand.js';
import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit/IUIKitInteractionType.js';
import type { IUser as AppUser } from '@rocket.chat/apps-engine/definition/users/IUser.js';
import { ApiBridge } from '@rocket.chat/apps-engine/server/bridges/ApiBridge.js';
import { AppActivationBridge } from '@rocket.chat/apps-engine/server/bridges/AppActivationBridge.js';
import { AppBridges } from '@rocket.chat/apps-engine/server/bridges/AppBridges.js';
import { AppDetailChangesBridge } from '@rocket.chat/apps-engine/server/bridges/AppDetailChangesBridge.js';
import { CommandBridge } from '@rocket.chat/apps-engine/server/bridges/CommandBridge.js';
import { EmailBridge } from '@rocket.chat/apps-engine/server/bridges/EmailBridge.js';
import { EnvironmentalVariableBridge } from '@rocket.chat/apps-engine/server/bridges/EnvironmentalVariableBridge.js';
import { HttpBridge, type IHttpBridgeRequestInfo } from '@rocket.chat/apps-engine/server/bridges/HttpBridge.js';
import { InternalBridge } from '@rocket.chat/apps-engine/server/bridges/InternalBridge.js';
import { MessageBridge } from '@rocket.chat/apps-engine/server/bridges/MessageBridge.js';
import { ModerationBridge } from '@rocket.chat/apps-engine/server/bridges/ModerationBridge.js';
import { PersistenceBridge } from '@rocket.chat/apps-engine/server/bridges/PersistenceBridge.js';
import { RoleBridge } from '@rocket.chat/apps-engine/server/bridges/RoleBridge.js';
import { RoomBridge } from '@rocket.chat/apps-engine/server/bridges/RoomBridge.js';
import { SchedulerBridge } from '@rocket.chat/apps-engine/server/bridges/SchedulerBridge.js';
import { ServerSettingBridge } from '@rocket.chat/apps-engine/server/bridges/ServerSettingBridge.js';
import { ThreadBridge } from '@rocket.chat/apps-engine/server/bridges/ThreadBridge.js';
import { UiInteractionBridge } from '@rocket.chat/apps-engine/server/bridges/UiInteractionBridge.js';
import { UserBridge } from '@rocket.chat/apps-engine/server/bridges/UserBridge.js';
import type { AppApi } from '@rocket.chat/apps-engine/server/managers/AppApi.js';
import {
  accountsCreateUser,
  accountsDeleteUser,
  messagesDelete,
  messagesPost,
  moderationDismissReports,
  moderationReportMessage,
  type Actor,
  type IUser,
} from '@rc/contracts';
import type { StorageDrivers } from '@rc/file-storage';
import { Mailer } from '@rc/mailer';
import {
  APP_PERSISTENCE_MODEL,
  LivechatDepartmentsRepository,
  LivechatVisitorsRepository,
  MessagesRepository,
  randomId,
  RolesRepository,
  RoomsRepository,
  SubscriptionsRepository,
  UploadsRepository,
  UsersRepository,
} from '@rc/models';
import { outgoingCall, RpcClient } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import type { Model } from 'mongoose';
import { toAppMessage, toAppRoom, toAppUser } from './converters.js';
import { editStoredMessage, OurLivechatBridge } from './livechat-bridge.js';
import type { AppJobScheduler } from './scheduler.js';
import type { MongoAppSourceStorage } from './storage.js';
import { OurUploadBridge } from './upload-bridge.js';

/** The administrator an install or uninstall runs for: the app user is created and deleted in their name. */
export const actingAdmin = new AsyncLocalStorage<Actor>();

/** A bridge this server does not provide: every call fails with a clear reason (the app sees the error). */
function unavailable(name: string): never {
  throw new Error(`${name} is not available on this server`);
}

/**
 * The engine's bridges are abstract classes with many abstract methods; each of ours implements what this
 * server provides, and a call of anything else fails (`unavailable`).
 */
function instantiate<T>(cls: abstract new (...args: never[]) => T, ...args: unknown[]): T {
  return new (cls as unknown as new (...a: unknown[]) => T)(...args);
}

/** What the engine's bridges read and write through, handed to each bridge. */
export interface BridgeDeps {
  rpc: RpcClient;
  users: UsersRepository;
  rooms: RoomsRepository;
  messages: MessagesRepository;
  subscriptions: SubscriptionsRepository;
  roles: RolesRepository;
  uploads: UploadsRepository;
  /** Upload bodies (GridFS, file system or S3, as each upload's `store` says). */
  storage: StorageDrivers;
  mailer: Mailer;
  settings: SettingsCache;
  realtime: RealtimePublisher;
  persistence: Model<Record<string, unknown>>;
  sources: MongoAppSourceStorage;
  apis: AppApiRegistry;
  commands: AppCommandRegistry;
  scheduler: AppJobScheduler;
  livechatVisitors: LivechatVisitorsRepository;
  livechatDepartments: LivechatDepartmentsRepository;
  /** An installed app's name (a livechat room's source alias). */
  appName: (appId: string) => string | undefined;
}

/** Registered app HTTP endpoints by app. */
export class AppApiRegistry {
  private readonly byApp = new Map<string, AppApi[]>();

  add(appId: string, api: AppApi): void {
    this.byApp.set(appId, [...(this.byApp.get(appId) ?? []), api]);
  }

  remove(appId: string): void {
    this.byApp.delete(appId);
  }

  list(appId: string): AppApi[] {
    return this.byApp.get(appId) ?? [];
  }
}

/** The apps' slash commands by name (what core registers in its slash-command registry). */
export class AppCommandRegistry {
  readonly commands = new Map<string, { appId: string; command: ISlashCommand; enabled: boolean }>();
}

/**
 * The engine tells of installs, updates, removals and status changes here; the engine's service announces each
 * change itself once it is complete (to the other instances, core and the clients), so nothing is done here.
 */
abstract class OurActivationBridge extends AppActivationBridge {
  protected appAdded() {
    return Promise.resolve();
  }
  protected appUpdated() {
    return Promise.resolve();
  }
  protected appRemoved() {
    return Promise.resolve();
  }
  protected appStatusChanged() {
    return Promise.resolve();
  }
  protected actionsChanged() {
    return Promise.resolve();
  }
}

abstract class OurApiBridge extends ApiBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected registerApi(api: AppApi, appId: string) {
    this.deps.apis.add(appId, api);
    return Promise.resolve();
  }
  protected unregisterApis(appId: string) {
    this.deps.apis.remove(appId);
    return Promise.resolve();
  }
}

abstract class OurCommandBridge extends CommandBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  private get table() {
    return this.deps.commands.commands;
  }
  /** Another app's command of that name (an app enabled again provides its own commands anew). */
  protected doesCommandExist(command: string, appId: string) {
    const found = this.table.get(command.toLowerCase());
    return Promise.resolve(Boolean(found && found.appId !== appId));
  }
  protected enableCommand(command: string) {
    const found = this.table.get(command.toLowerCase());
    if (found) found.enabled = true;
    return Promise.resolve();
  }
  protected disableCommand(command: string) {
    const found = this.table.get(command.toLowerCase());
    if (found) found.enabled = false;
    return Promise.resolve();
  }
  protected modifyCommand(command: ISlashCommand, appId: string) {
    this.table.set(command.command.toLowerCase(), { appId, command, enabled: true });
    return Promise.resolve();
  }
  protected registerCommand(command: ISlashCommand, appId: string) {
    this.table.set(command.command.toLowerCase(), { appId, command, enabled: true });
    return Promise.resolve();
  }
  protected unregisterCommand(command: string) {
    this.table.delete(command.toLowerCase());
    return Promise.resolve();
  }
}

abstract class OurMessageBridge extends MessageBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  /** An app's message, posted as its sender (the app's user unless the app says otherwise). */
  protected async create(message: AppMessage, appId: string): Promise<string> {
    const sender = message.sender?.id ? await this.deps.users.findById(message.sender.id) : await findAppUser(this.deps, appId);
    if (!sender?.username) throw new Error('The message has no valid sender');
    const { message: posted } = await this.deps.rpc.request(messagesPost, {
      actor: { userId: sender._id, username: sender.username },
      roomId: message.room.id,
      text: message.text ?? '',
      ...(message.threadId && { tmid: message.threadId }),
      ...(message.alias && { alias: message.alias }),
      ...(message.emoji && { emoji: message.emoji }),
      ...(message.avatarUrl && { avatar: message.avatarUrl }),
      ...(message.attachments && { attachments: message.attachments as never }),
      ...(message.blocks && { blocks: message.blocks as never }),
      ...(message.groupable !== undefined && { groupable: message.groupable }),
      ...(message.parseUrls !== undefined && { parseUrls: message.parseUrls }),
    });
    return posted._id;
  }
  /** An app's change to a stored message (`modify.getUpdater().message(id, editor)`): see `editStoredMessage`. */
  protected update(message: AppMessage, appId: string): Promise<void> {
    return editStoredMessage(this.deps, message, appId);
  }
  /** `modify.getDeleter().deleteMessage(message, user)`: core's delete, in that user's name. */
  protected async delete(message: AppMessage, user: AppUser): Promise<void> {
    if (!message.id) throw new Error('The message to delete has no id');
    const found = await this.deps.users.findById(user.id);
    if (!found?.username) throw new Error('The message deletion has no valid user');
    await this.deps.rpc.request(messagesDelete, {
      actor: { userId: found._id, username: found.username },
      msgId: message.id,
      roomId: message.room.id,
      asUser: false,
    });
  }
  protected async getById(messageId: string): Promise<AppMessage> {
    const message = await this.deps.messages.findById(messageId);
    if (!message) return undefined as unknown as AppMessage;
    const room = await this.deps.rooms.findById(message.rid);
    const sender = await this.deps.users.findById(message.u._id);
    return toAppMessage(message, toAppRoom(room!), toAppUser(sender ?? message.u));
  }
  /** Rocket.Chat's ephemeral message to one user (stream-notify-user `<uid>/message`), never stored. */
  protected notifyUser(user: AppUser, message: AppMessage): Promise<void> {
    this.deps.realtime.notifyUser(user.id, 'message', [ephemeral(message)]);
    return Promise.resolve();
  }
  protected notifyRoom(room: AppRoom, message: AppMessage): Promise<void> {
    this.deps.realtime.notifyRoom(room.id, 'message', [ephemeral(message)]);
    return Promise.resolve();
  }
  protected typing(): Promise<void> {
    return Promise.resolve();
  }
}

function ephemeral(message: AppMessage) {
  return {
    _id: randomId(),
    rid: message.room.id,
    ts: new Date(),
    msg: message.text ?? '',
    u: { _id: message.sender?.id ?? 'rocket.cat', username: message.sender?.username ?? 'rocket.cat' },
    private: true,
    _updatedAt: new Date(),
    ...(message.attachments && { attachments: message.attachments }),
    ...(message.blocks && { blocks: message.blocks }),
  };
}

type AssociationLike = RocketChatAssociationRecord | { model: string; id: string };

function plainAssociations(associations: AssociationLike[]): Array<{ model: string; id: string }> {
  return associations.map((a) =>
    'getModel' in a && typeof a.getModel === 'function' ? { model: a.getModel(), id: a.getID() } : (a as { model: string; id: string }),
  );
}

abstract class OurPersistenceBridge extends PersistenceBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  private get records() {
    return this.deps.persistence;
  }
  protected async purge(appId: string): Promise<void> {
    await this.records.deleteMany({ appId }).exec();
  }
  protected async create(data: object, appId: string): Promise<string> {
    const _id = randomId();
    await this.records.create({ _id, appId, data });
    return _id;
  }
  protected async createWithAssociations(data: object, associations: AssociationLike[], appId: string): Promise<string> {
    const _id = randomId();
    await this.records.create({ _id, appId, data, associations: plainAssociations(associations) });
    return _id;
  }
  protected async readById(id: string, appId: string): Promise<object> {
    const record = await this.records.findOne({ _id: id, appId }).lean<{ data: object }>().exec();
    return record?.data as object;
  }
  protected async readByAssociations(associations: AssociationLike[], appId: string): Promise<object[]> {
    const records = await this.records.find(this.byAssociations(associations, appId)).lean<Array<{ data: object }>>().exec();
    return records.map((r) => r.data);
  }
  protected async remove(id: string, appId: string): Promise<object | undefined> {
    const record = await this.records.findOneAndDelete({ _id: id, appId }).lean<{ data: object }>().exec();
    return record?.data;
  }
  protected async removeByAssociations(associations: AssociationLike[], appId: string): Promise<object[] | undefined> {
    const query = this.byAssociations(associations, appId);
    const records = await this.records.find(query).lean<Array<{ data: object }>>().exec();
    if (records.length === 0) return undefined;
    await this.records.deleteMany(query).exec();
    return records.map((r) => r.data);
  }
  protected async update(id: string, data: object, upsert: boolean, appId: string): Promise<string> {
    await this.records.updateOne({ _id: id, appId }, { $set: { data } }, { upsert }).exec();
    return id;
  }
  protected async updateByAssociations(associations: AssociationLike[], data: object, upsert: boolean, appId: string): Promise<string> {
    const query = this.byAssociations(associations, appId);
    const existing = await this.records.findOne(query, { _id: 1 }).lean<{ _id: string }>().exec();
    if (existing) {
      await this.records.updateOne({ _id: existing._id }, { $set: { data } }).exec();
      return existing._id;
    }
    if (!upsert) return undefined as unknown as string;
    return this.createWithAssociations(data, associations, appId);
  }
  private byAssociations(associations: AssociationLike[], appId: string) {
    return { appId, associations: { $all: plainAssociations(associations).map((a) => ({ $elemMatch: a })) } };
  }
}

async function findAppUser(deps: BridgeDeps, appId: string): Promise<IUser | null> {
  return deps.users.findByAppId(appId);
}

abstract class OurRoomBridge extends RoomBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected async getById(roomId: string): Promise<AppRoom> {
    const room = await this.deps.rooms.findById(roomId);
    return (room ? toAppRoom(room) : undefined) as AppRoom;
  }
  protected async getByName(name: string): Promise<AppRoom> {
    const room = await this.deps.rooms.findByName(name);
    return (room ? toAppRoom(room) : undefined) as AppRoom;
  }
  protected async getCreatorById(roomId: string): Promise<AppUser | undefined> {
    const room = await this.deps.rooms.findById(roomId);
    const user = room?.u ? await this.deps.users.findById(room.u._id) : null;
    return user ? toAppUser(user) : undefined;
  }
}

abstract class OurUserBridge extends UserBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected async getById(id: string): Promise<AppUser> {
    const user = await this.deps.users.findById(id);
    return (user ? toAppUser(user) : undefined) as AppUser;
  }
  protected async getByUsername(username: string): Promise<AppUser> {
    const user = await this.deps.users.findByUsername(username);
    return (user ? toAppUser(user) : undefined) as AppUser;
  }
  protected async getAppUser(appId?: string): Promise<AppUser | undefined> {
    if (!appId) return undefined;
    const user = await findAppUser(this.deps, appId);
    return user ? { ...toAppUser(user), type: 'app' as AppUser['type'], appId } : undefined;
  }
  /** The app's user (`<slug>.bot`, role `app`), created through accounts in the installing administrator's name. */
  protected async create(data: Partial<AppUser>, appId: string): Promise<string> {
    const actor = actingAdmin.getStore();
    if (!actor) throw new Error('An app user is created only during an install');
    const username = data.username ?? `${appId}.bot`;
    const { user } = await this.deps.rpc.request(accountsCreateUser, {
      actor,
      data: {
        username,
        name: data.name ?? username,
        email: `${username}@apps.invalid`,
        password: randomBytes(24).toString('base64url'),
        roles: ['app'],
        verified: true,
        joinDefaultChannels: false,
        sendWelcomeEmail: false,
      },
    });
    await this.deps.users.markAppUser(user._id, appId);
    return user._id;
  }
  protected async remove(user: AppUser): Promise<boolean> {
    const actor = actingAdmin.getStore();
    if (!actor) return false;
    await this.deps.rpc.request(accountsDeleteUser, { actor, userId: user.id });
    return true;
  }
  protected async deleteUsersCreatedByApp(appId: string): Promise<boolean> {
    const user = await findAppUser(this.deps, appId);
    return user ? this.remove(toAppUser(user)) : false;
  }
  protected getActiveUserCount(): Promise<number> {
    return this.deps.users.countActive();
  }
}

abstract class OurServerSettingBridge extends ServerSettingBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected getOneById(id: string): Promise<AppSettingDef> {
    const setting = this.deps.settings.find(id);
    return Promise.resolve(
      (setting
        ? { id, type: setting.type, packageValue: setting.packageValue, value: setting.value, public: setting.public }
        : undefined) as AppSettingDef,
    );
  }
  protected isReadableById(id: string): Promise<boolean> {
    return Promise.resolve(this.deps.settings.find(id) !== undefined);
  }
}

/**
 * Rocket.Chat's short list of environment variables apps may read (`NODE_ENV`, `ROOT_URL`, `INSTANCE_IP`);
 * everything else of ours (which holds secrets) is unreadable. `ROOT_URL` falls back to `Site_Url`.
 */
const READABLE_ENV = ['NODE_ENV', 'ROOT_URL', 'INSTANCE_IP'];

abstract class OurEnvironmentalVariableBridge extends EnvironmentalVariableBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected getValueByName(name: string): Promise<string | undefined> {
    if (!READABLE_ENV.includes(name.toUpperCase())) return Promise.resolve(undefined);
    const value = process.env[name.toUpperCase()];
    return Promise.resolve(value ?? (name.toUpperCase() === 'ROOT_URL' ? this.deps.settings.get<string>('Site_Url') : undefined));
  }
  protected isReadable(name: string): Promise<boolean> {
    return Promise.resolve(READABLE_ENV.includes(name.toUpperCase()));
  }
  protected async isSet(name: string): Promise<boolean> {
    return (await this.getValueByName(name)) !== undefined;
  }
}

abstract class OurInternalBridge extends InternalBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected async getUsernamesOfRoomById(roomId: string): Promise<string[]> {
    const members = await this.deps.subscriptions.findByRoom(roomId);
    return members.map((s) => s.u.username).filter((u): u is string => Boolean(u));
  }
}

/** An app's setting changed: the engine's service announces it (`app/settingUpdated`), nothing to do here. */
abstract class OurDetailChangesBridge extends AppDetailChangesBridge {
  protected onAppSettingsChange(): void {
    return undefined;
  }
}

abstract class OurUiInteractionBridge extends UiInteractionBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected notifyUser(user: AppUser, interaction: IUIKitInteraction): Promise<void> {
    this.deps.realtime.notifyUser(user.id, 'uiInteraction', [interaction]);
    return Promise.resolve();
  }
}

/**
 * Outbound HTTP (an app's `http` accessor) under the webhooks' address rule: a URL that is or resolves to a
 * loopback, private, link-local or otherwise non-public address is refused unless the administrator allows
 * them (`Integrations_Allow_Private_Addresses`); the app cannot opt out (`ssrfValidation` is ignored).
 * Redirects are not followed; the answer is cut at 1 MB.
 */
abstract class OurHttpBridge extends HttpBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected async call(info: IHttpBridgeRequestInfo): Promise<IHttpResponse> {
    const { request } = info;
    const url = new URL(info.url);
    for (const [key, value] of Object.entries(request.params ?? {})) url.searchParams.append(key, value);
    if (request.query) url.search = url.search ? `${url.search}&${request.query}` : `?${request.query}`;
    const headers: Record<string, string> = { ...(request.headers ?? {}) };
    let body = request.content;
    if (body === undefined && request.data !== undefined) {
      body = JSON.stringify(request.data);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    }
    if (request.auth) headers.Authorization = `Basic ${Buffer.from(request.auth).toString('base64')}`;
    const response = await outgoingCall({
      url: url.toString(),
      method: info.method.toUpperCase(),
      headers,
      body,
      timeoutMs: request.timeout ?? this.deps.settings.get<number>('Integrations_Outgoing_Timeout') ?? 10_000,
      allowPrivate: this.deps.settings.get<boolean>('Integrations_Allow_Private_Addresses') === true,
    });
    let data: unknown;
    if ((response.headers['content-type'] ?? '').includes('json')) {
      try {
        data = JSON.parse(response.content);
      } catch {
        data = undefined;
      }
    }
    return {
      url: info.url,
      method: info.method,
      statusCode: response.status,
      headers: response.headers,
      content: response.content,
      ...(data !== undefined && { data }),
    };
  }
}

/** The apps' scheduled jobs (see scheduler.ts: claimed once cluster-wide in `rocketchat_apps_scheduler`). */
abstract class OurSchedulerBridge extends SchedulerBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected registerProcessors(processors: IProcessor[], appId: string) {
    return this.deps.scheduler.registerProcessors(processors, appId);
  }
  protected scheduleOnce(job: IOnetimeSchedule, appId: string) {
    return this.deps.scheduler.scheduleOnce(job, appId);
  }
  protected scheduleRecurring(job: IRecurringSchedule, appId: string) {
    return this.deps.scheduler.scheduleRecurring(job, appId);
  }
  protected cancelJob(jobId: string, appId: string) {
    return this.deps.scheduler.cancelJob(jobId, appId);
  }
  protected cancelAllJobs(appId: string) {
    return this.deps.scheduler.cancelAllJobs(appId);
  }
}

/** A thread's messages: its first message, then its replies oldest first (what `read.getThreadReader()` gives). */
abstract class OurThreadBridge extends ThreadBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected async getById(threadId: string): Promise<AppMessage[]> {
    const parent = await this.deps.messages.findById(threadId);
    if (!parent) return [];
    const { items } = await this.deps.messages.findVisiblePage({ tmid: parent._id }, { sort: { ts: 1 }, offset: 0, limit: 1_000 });
    const room = await this.deps.rooms.findById(parent.rid);
    if (!room) return [];
    const appRoom = toAppRoom(room);
    const senders = new Map<string, AppUser>();
    const result: AppMessage[] = [];
    for (const message of [parent, ...items]) {
      if (!senders.has(message.u._id)) senders.set(message.u._id, toAppUser((await this.deps.users.findById(message.u._id)) ?? message.u));
      result.push(toAppMessage(message, appRoom, senders.get(message.u._id)!));
    }
    return result;
  }
}

/** Roles (read): one by id or name, and the custom ones (not `protected`), as Rocket.Chat's role bridge. */
abstract class OurRoleBridge extends RoleBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected async getOneByIdOrName(idOrName: string): Promise<AppRole | null> {
    const role = await this.deps.roles.findByIdOrName(idOrName);
    return role ? toAppRole(role) : null;
  }
  protected async getCustomRoles(): Promise<AppRole[]> {
    return (await this.deps.roles.findAll()).filter((role) => !role.protected).map(toAppRole);
  }
}

function toAppRole(role: {
  _id: string;
  name: string;
  description?: string;
  protected?: boolean;
  scope?: string;
  mandatory2fa?: boolean;
}): AppRole {
  return {
    id: role._id,
    name: role.name,
    description: role.description ?? '',
    protected: role.protected ?? false,
    scope: role.scope === 'Subscriptions' ? 'Subscriptions' : 'Users',
    ...(role.mandatory2fa !== undefined && { mandatory2fa: role.mandatory2fa }),
  };
}

/**
 * Moderation: a report in the reporting user's name (core's `chat.reportMessage`), and dismissals in the app
 * user's name (core checks `manage-moderation-actions`, which the `app` role does not have unless given).
 */
abstract class OurModerationBridge extends ModerationBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected async report(messageId: string, description: string, userId: string): Promise<void> {
    const user = await this.deps.users.findById(userId);
    if (!user?.username) throw new Error('The reporting user does not exist');
    await this.deps.rpc.request(moderationReportMessage, { actor: { userId: user._id, username: user.username }, messageId, description });
  }
  protected async dismissReportsByMessageId(messageId: string, reason: string, action: string, appId: string): Promise<void> {
    await this.deps.rpc.request(moderationDismissReports, { actor: await appActor(this.deps, appId), msgId: messageId, reason, action });
  }
  protected async dismissReportsByUserId(userId: string, reason: string, action: string, appId: string): Promise<void> {
    await this.deps.rpc.request(moderationDismissReports, { actor: await appActor(this.deps, appId), userId, reason, action });
  }
}

async function appActor(deps: BridgeDeps, appId: string): Promise<Actor> {
  const user = await findAppUser(deps, appId);
  if (!user?.username) throw new Error('The app has no user');
  return { userId: user._id, username: user.username };
}

/** E-mail through the server's mailer (`SMTP_*`, `From_Email`: the app's `from` is ignored, as Rocket.Chat does). */
abstract class OurEmailBridge extends EmailBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected async sendEmail(email: IEmail): Promise<void> {
    const recipients = Array.isArray(email.to) ? email.to : [email.to];
    for (const to of recipients) {
      await this.deps.mailer.send({
        to,
        kind: 'app',
        subject: email.subject,
        text: email.text ?? '',
        ...(email.html && { html: email.html }),
      });
    }
  }
}

/**
 * A bridge this server does not have: any call fails (`unavailable`), except the clean-ups the engine runs on
 * every disable and uninstall (`harmless`), which have nothing to clean.
 */
function missingBridge<T>(name: string, harmless: string[] = []): T {
  return new Proxy(
    {},
    {
      get: (_target, property) => {
        if (typeof property !== 'string' || property === 'then') return undefined;
        return harmless.includes(property) ? () => Promise.resolve() : () => unavailable(`${name}.${property}`);
      },
    },
  ) as T;
}

/** The engine's bridge getters (`getMessageBridge`, …): what `AppBridges` declares. */
type BridgeGetter = { [K in keyof AppBridges]: AppBridges[K] extends () => unknown ? K : never }[keyof AppBridges];

/**
 * Every bridge the engine asks for, made once from the same dependencies: one entry per getter of
 * `AppBridges` (the type makes a missing or mistyped one a compile error).
 */
const BRIDGES: { [K in BridgeGetter]: (deps: BridgeDeps) => ReturnType<AppBridges[K]> } = {
  getAppActivationBridge: (deps) => instantiate(OurActivationBridge, deps),
  getApiBridge: (deps) => instantiate(OurApiBridge, deps),
  getCommandBridge: (deps) => instantiate(OurCommandBridge, deps),
  getMessageBridge: (deps) => instantiate(OurMessageBridge, deps),
  getPersistenceBridge: (deps) => instantiate(OurPersistenceBridge, deps),
  getRoomBridge: (deps) => instantiate(OurRoomBridge, deps),
  getUserBridge: (deps) => instantiate(OurUserBridge, deps),
  getServerSettingBridge: (deps) => instantiate(OurServerSettingBridge, deps),
  getEnvironmentalVariableBridge: (deps) => instantiate(OurEnvironmentalVariableBridge, deps),
  getInternalBridge: (deps) => instantiate(OurInternalBridge, deps),
  getAppDetailChangesBridge: (deps) => instantiate(OurDetailChangesBridge, deps),
  getUiInteractionBridge: (deps) => instantiate(OurUiInteractionBridge, deps),
  getHttpBridge: (deps) => instantiate(OurHttpBridge, deps),
  getSchedulerBridge: (deps) => instantiate(OurSchedulerBridge, deps),
  getThreadBridge: (deps) => instantiate(OurThreadBridge, deps),
  getRoleBridge: (deps) => instantiate(OurRoleBridge, deps),
  getModerationBridge: (deps) => instantiate(OurModerationBridge, deps),
  getEmailBridge: (deps) => instantiate(OurEmailBridge, deps),
  getUploadBridge: (deps) => instantiate(OurUploadBridge, deps),
  getLivechatBridge: (deps) => instantiate(OurLivechatBridge, deps),
  getInternalFederationBridge: (deps) => ({
    getPrivateKey: async () => (await deps.sources.signingKeys()).privateKey,
    getPublicKey: async () => (await deps.sources.signingKeys()).publicKey,
  }),
  getListenerBridge: () => missingBridge('listener'),
  getContactBridge: () => missingBridge('contact'),
  getCloudWorkspaceBridge: () => missingBridge('cloudWorkspace'),
  getVideoConferenceBridge: () => missingBridge('videoConference'),
  getOAuthAppsBridge: () => missingBridge('oauthApps'),
  getOutboundMessageBridge: () => missingBridge('outboundMessage'),
  getExperimentalBridge: () => missingBridge('experimental'),
};

/** What the engine's service makes at its start and hands to the bridges (the rest is injected). */
export type RuntimeDeps = Pick<BridgeDeps, 'sources' | 'apis' | 'commands' | 'scheduler' | 'storage' | 'appName'>;

/**
 * The engine's bridges over this server's services: the repositories and clients are injected here, the
 * engine's own registries come from its service (`create`), and each getter of `AppBridges` answers its bridge
 * from the table above.
 */
@Injectable()
export class RocketNestBridges {
  constructor(
    private readonly rpc: RpcClient,
    private readonly users: UsersRepository,
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly roles: RolesRepository,
    private readonly uploads: UploadsRepository,
    private readonly livechatVisitors: LivechatVisitorsRepository,
    private readonly livechatDepartments: LivechatDepartmentsRepository,
    private readonly mailer: Mailer,
    private readonly settings: SettingsCache,
    private readonly realtime: RealtimePublisher,
    @InjectModel(APP_PERSISTENCE_MODEL) private readonly persistence: Model<Record<string, unknown>>,
  ) {}

  create(runtime: RuntimeDeps): AppBridges {
    const { rpc, users, rooms, messages, subscriptions, roles, uploads, livechatVisitors, livechatDepartments } = this;
    const deps: BridgeDeps = {
      ...runtime,
      rpc,
      users,
      rooms,
      messages,
      subscriptions,
      roles,
      uploads,
      livechatVisitors,
      livechatDepartments,
      mailer: this.mailer,
      settings: this.settings,
      realtime: this.realtime,
      persistence: this.persistence,
    };
    // The engine checks `instanceof AppBridges`; its getters are the table's, each bridge made once.
    const bridges = Object.create(AppBridges.prototype) as Record<string, () => unknown>;
    for (const [getter, make] of Object.entries(BRIDGES) as Array<[BridgeGetter, (d: BridgeDeps) => unknown]>) {
      const bridge = make(deps);
      bridges[getter] = () => bridge;
    }
    return bridges as unknown as AppBridges;
  }
}
