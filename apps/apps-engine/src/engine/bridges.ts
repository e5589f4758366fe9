import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors/IHttp.js';
import type { IMessage as AppMessage } from '@rocket.chat/apps-engine/definition/messages/IMessage.js';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata/RocketChatAssociations.js';
import type { IRoom as AppRoom } from '@rocket.chat/apps-engine/definition/rooms/IRoom.js';
import type { ISetting as AppSettingDef } from '@rocket.chat/apps-engine/definition/settings/ISetting.js';
import type { IOnetimeSchedule } from '@rocket.chat/apps-engine/definition/scheduler/IOnetimeSchedule.js';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler/IProcessor.js';
import type { IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler/IRecurringSchedule.js';
import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands/ISlashCommand.js';
import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit/IUIKitInteractionType.js';
import type { IUser as AppUser } from '@rocket.chat/apps-engine/definition/users/IUser.js';
import type { ProxiedApp } from '@rocket.chat/apps-engine/server/ProxiedApp.js';
import { ApiBridge } from '@rocket.chat/apps-engine/server/bridges/ApiBridge.js';
import { AppActivationBridge } from '@rocket.chat/apps-engine/server/bridges/AppActivationBridge.js';
import { AppBridges } from '@rocket.chat/apps-engine/server/bridges/AppBridges.js';
import { AppDetailChangesBridge } from '@rocket.chat/apps-engine/server/bridges/AppDetailChangesBridge.js';
import { CommandBridge } from '@rocket.chat/apps-engine/server/bridges/CommandBridge.js';
import { EnvironmentalVariableBridge } from '@rocket.chat/apps-engine/server/bridges/EnvironmentalVariableBridge.js';
import { HttpBridge, type IHttpBridgeRequestInfo } from '@rocket.chat/apps-engine/server/bridges/HttpBridge.js';
import { InternalBridge } from '@rocket.chat/apps-engine/server/bridges/InternalBridge.js';
import { MessageBridge } from '@rocket.chat/apps-engine/server/bridges/MessageBridge.js';
import { PersistenceBridge } from '@rocket.chat/apps-engine/server/bridges/PersistenceBridge.js';
import { RoomBridge } from '@rocket.chat/apps-engine/server/bridges/RoomBridge.js';
import { SchedulerBridge } from '@rocket.chat/apps-engine/server/bridges/SchedulerBridge.js';
import { ServerSettingBridge } from '@rocket.chat/apps-engine/server/bridges/ServerSettingBridge.js';
import { UiInteractionBridge } from '@rocket.chat/apps-engine/server/bridges/UiInteractionBridge.js';
import { UserBridge } from '@rocket.chat/apps-engine/server/bridges/UserBridge.js';
import { ThreadBridge } from '@rocket.chat/apps-engine/server/bridges/ThreadBridge.js';
import { RoleBridge } from '@rocket.chat/apps-engine/server/bridges/RoleBridge.js';
import { ModerationBridge } from '@rocket.chat/apps-engine/server/bridges/ModerationBridge.js';
import { EmailBridge } from '@rocket.chat/apps-engine/server/bridges/EmailBridge.js';
import { UploadBridge } from '@rocket.chat/apps-engine/server/bridges/UploadBridge.js';
import type { IVisitor as AppVisitor } from '@rocket.chat/apps-engine/definition/livechat/IVisitor.js';
import { AppPermissionManager } from '@rocket.chat/apps-engine/server/managers/AppPermissionManager.js';
import { AppPermissions } from '@rocket.chat/apps-engine/server/permissions/AppPermissions.js';
import type { IEmail } from '@rocket.chat/apps-engine/definition/email/IEmail.js';
import type { IRole as AppRole } from '@rocket.chat/apps-engine/definition/roles/IRole.js';
import type { IUpload as AppUpload } from '@rocket.chat/apps-engine/definition/uploads/IUpload.js';
import type { AppApi } from '@rocket.chat/apps-engine/server/managers/AppApi.js';
import {
  accountsCreateUser,
  accountsDeleteUser,
  messagesDelete,
  messagesPost,
  messagesUpdate,
  livechatGetVisitor,
  livechatRegisterVisitor,
  moderationDismissReports,
  moderationReportMessage,
  uploadsForDownload,
  type Actor,
  type ILivechatVisitor,
  type IUser,
} from '@rc/contracts';
import { StorageDrivers } from '@rc/file-storage';
import type { Mailer } from '@rc/mailer';
import {
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
import type { AppJobScheduler } from './scheduler.js';
import type { MongoAppSourceStorage } from './storage.js';

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
  /** Upload bodies (GridFS, file system or S3, as each upload's `store` says), read only. */
  storage: StorageDrivers;
  mailer: Mailer;
  settings: SettingsCache;
  realtime: RealtimePublisher;
  persistence: Model<Record<string, unknown>>;
  sources: MongoAppSourceStorage;
  apis: AppApiRegistry;
  commands: AppCommandRegistry;
  scheduler: AppJobScheduler;
  onActivation: (event: 'added' | 'removed' | 'updated' | 'statusChanged' | 'actionsChanged', app?: ProxiedApp) => void;
  onSettingChanged: (appId: string, setting: AppSettingDef) => void;
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

abstract class OurActivationBridge extends AppActivationBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected appAdded(app: ProxiedApp) {
    this.deps.onActivation('added', app);
    return Promise.resolve();
  }
  protected appUpdated(app: ProxiedApp) {
    this.deps.onActivation('updated', app);
    return Promise.resolve();
  }
  protected appRemoved(app: ProxiedApp) {
    this.deps.onActivation('removed', app);
    return Promise.resolve();
  }
  protected appStatusChanged(app: ProxiedApp) {
    this.deps.onActivation('statusChanged', app);
    return Promise.resolve();
  }
  protected actionsChanged() {
    this.deps.onActivation('actionsChanged');
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
  /**
   * An app's change to a stored message (`modify.getUpdater().message(id, editor)`): its text and blocks, through
   * core's edit in the editor's name (the app's user editing its own message), so the room sees the edit live.
   */
  protected async update(message: AppMessage, appId: string): Promise<void> {
    // The runtime sends the message's id and the fields its builder changed only.
    if (!message.id) throw new Error('The message to update has no id');
    const stored = await this.deps.messages.findById(message.id);
    if (!stored) throw new Error(`No message ${message.id}`);
    const editor = message.editor?.id ? await this.deps.users.findById(message.editor.id) : await findAppUser(this.deps, appId);
    if (!editor?.username) throw new Error('The message update has no valid editor');
    await this.deps.rpc.request(messagesUpdate, {
      actor: { userId: editor._id, username: editor.username },
      msgId: stored._id,
      roomId: stored.rid,
      text: message.text ?? stored.msg,
      ...(message.blocks && { blocks: message.blocks as never }),
    });
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

abstract class OurDetailChangesBridge extends AppDetailChangesBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected onAppSettingsChange(appId: string, setting: AppSettingDef): void {
    this.deps.onSettingChanged(appId, setting);
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
 * Uploads (read): an upload's record and its body, from the storage its `store` names. Creating an upload is
 * not available (the gateway writes bodies; no service takes a body over NATS).
 */
abstract class OurUploadBridge extends UploadBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }
  protected async getById(id: string): Promise<AppUpload> {
    const upload = await this.deps.uploads.findById(id);
    if (!upload) return undefined as unknown as AppUpload;
    const [room, user] = await Promise.all([this.deps.rooms.findById(upload.rid), this.deps.users.findById(upload.userId)]);
    return {
      id: upload._id,
      name: upload.name,
      size: String(upload.size),
      type: upload.type,
      extension: upload.extension ?? '',
      etag: upload.etag,
      path: upload.path,
      token: '',
      url: upload.url,
      progress: 1,
      uploading: false,
      complete: upload.complete !== false,
      updatedAt: upload._updatedAt,
      uploadedAt: upload.uploadedAt,
      store: upload.store as AppUpload['store'],
      ...(room && { room: toAppRoom(room) }),
      ...(user && { user: toAppUser(user) }),
    } as AppUpload;
  }
  /** The body, read as its uploader may (core answers where it is stored). */
  protected async getBuffer(upload: AppUpload): Promise<Buffer> {
    const stored = await this.deps.uploads.findById(upload.id);
    if (!stored) throw new Error(`No upload ${upload.id}`);
    const { storage } = await this.deps.rpc.request(uploadsForDownload, { userId: stored.userId, fileId: stored._id });
    const body = await (await this.deps.storage.driverFor(storage)).read(stored._id);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  protected createUpload(): Promise<AppUpload> {
    return unavailable('upload.createUpload');
  }
}

/**
 * Livechat, minimal, through the omnichannel app's subjects: a visitor by token (`omnichannel.visitor.get`), and
 * a visitor created or updated (`omnichannel.visitor.register`). Every other livechat call fails (`unavailable`).
 */
function livechatBridge(deps: BridgeDeps) {
  const byToken = async (token: string): Promise<AppVisitor | undefined> => {
    const found = await deps.rpc.request(livechatGetVisitor, { token }).catch(() => undefined);
    return found ? toAppVisitor(found.visitor) : undefined;
  };
  const register = async (visitor: AppVisitor): Promise<AppVisitor> => {
    const email = visitor.visitorEmails?.[0]?.address;
    const phone = visitor.phone?.[0]?.phoneNumber;
    const { visitor: stored } = await deps.rpc.request(livechatRegisterVisitor, {
      visitor: {
        token: visitor.token,
        ...(visitor.name && { name: visitor.name }),
        ...(visitor.username && { username: visitor.username }),
        ...(email && { email }),
        ...(phone && { phone }),
        ...(visitor.department && { department: visitor.department }),
      },
    });
    return toAppVisitor(stored);
  };
  // The engine's own `do…` methods check the app's permissions; these do it the same way.
  const allowed = (appId: string, permission: { name: string }) => {
    if (!AppPermissionManager.hasPermission(appId, permission)) throw new Error(`The app lacks the ${permission.name} permission`);
  };
  const read = AppPermissions['livechat-visitor'].read;
  const write = AppPermissions['livechat-visitor'].write;
  const served: Record<string, (...args: never[]) => Promise<unknown>> = {
    doFindVisitorByToken: (token: string, appId: string) => {
      allowed(appId, read);
      return byToken(token);
    },
    doCreateVisitor: async (visitor: AppVisitor, appId: string) => {
      allowed(appId, write);
      return (await register(visitor)).id;
    },
    doCreateAndReturnVisitor: (visitor: AppVisitor, appId: string) => {
      allowed(appId, write);
      return register(visitor);
    },
  };
  return missingBridge<ReturnType<AppBridges['getLivechatBridge']>>('livechat', [], served);
}

function toAppVisitor(visitor: ILivechatVisitor): AppVisitor {
  return {
    id: visitor._id,
    token: visitor.token,
    username: visitor.username,
    name: visitor.name ?? visitor.username,
    updatedAt: visitor._updatedAt,
    ...(visitor.department && { department: visitor.department }),
    ...(visitor.visitorEmails && { visitorEmails: visitor.visitorEmails }),
    ...(visitor.phone && { phone: visitor.phone }),
    ...(visitor.status && { status: visitor.status }),
    ...(visitor.livechatData && { livechatData: visitor.livechatData }),
  };
}

/**
 * A bridge this server does not have: any call fails (`unavailable`), except the clean-ups the engine runs on
 * every disable and uninstall (`harmless`), which have nothing to clean.
 */
function missingBridge<T>(name: string, harmless: string[] = [], served: Record<string, (...args: never[]) => Promise<unknown>> = {}): T {
  return new Proxy(
    {},
    {
      get: (_target, property) => {
        if (typeof property !== 'string' || property === 'then') return undefined;
        if (served[property]) return served[property];
        return harmless.includes(property) ? () => Promise.resolve() : () => unavailable(`${name}.${property}`);
      },
    },
  ) as T;
}

/** The engine's bridges over this server's services. */
@Injectable()
export class RocketNestBridges extends AppBridges {
  private built?: Record<string, unknown>;

  bind(deps: BridgeDeps): void {
    this.built = {
      activation: instantiate(OurActivationBridge, deps),
      api: instantiate(OurApiBridge, deps),
      command: instantiate(OurCommandBridge, deps),
      message: instantiate(OurMessageBridge, deps),
      persistence: instantiate(OurPersistenceBridge, deps),
      room: instantiate(OurRoomBridge, deps),
      user: instantiate(OurUserBridge, deps),
      serverSetting: instantiate(OurServerSettingBridge, deps),
      environment: instantiate(OurEnvironmentalVariableBridge, deps),
      internal: instantiate(OurInternalBridge, deps),
      detailChanges: instantiate(OurDetailChangesBridge, deps),
      uiInteraction: instantiate(OurUiInteractionBridge, deps),
      http: instantiate(OurHttpBridge, deps),
      scheduler: instantiate(OurSchedulerBridge, deps),
      thread: instantiate(OurThreadBridge, deps),
      role: instantiate(OurRoleBridge, deps),
      moderation: instantiate(OurModerationBridge, deps),
      email: instantiate(OurEmailBridge, deps),
      upload: instantiate(OurUploadBridge, deps),
      livechat: livechatBridge(deps),
      federation: {
        getPrivateKey: async () => (await deps.sources.signingKeys()).privateKey,
        getPublicKey: async () => (await deps.sources.signingKeys()).publicKey,
      },
    };
  }

  private get<T>(key: string): T {
    if (!this.built) throw new Error('bridges used before they were bound');
    return this.built[key] as T;
  }

  getAppActivationBridge(): AppActivationBridge {
    return this.get<AppActivationBridge>('activation');
  }
  getApiBridge(): ApiBridge {
    return this.get<ApiBridge>('api');
  }
  getCommandBridge(): CommandBridge {
    return this.get<CommandBridge>('command');
  }
  getMessageBridge(): MessageBridge {
    return this.get<MessageBridge>('message');
  }
  getPersistenceBridge(): PersistenceBridge {
    return this.get<PersistenceBridge>('persistence');
  }
  getRoomBridge(): RoomBridge {
    return this.get<RoomBridge>('room');
  }
  getUserBridge(): UserBridge {
    return this.get<UserBridge>('user');
  }
  getServerSettingBridge(): ServerSettingBridge {
    return this.get<ServerSettingBridge>('serverSetting');
  }
  getEnvironmentalVariableBridge(): EnvironmentalVariableBridge {
    return this.get<EnvironmentalVariableBridge>('environment');
  }
  getInternalBridge(): InternalBridge {
    return this.get<InternalBridge>('internal');
  }
  getAppDetailChangesBridge(): AppDetailChangesBridge {
    return this.get<AppDetailChangesBridge>('detailChanges');
  }
  getUiInteractionBridge(): UiInteractionBridge {
    return this.get<UiInteractionBridge>('uiInteraction');
  }
  getInternalFederationBridge(): ReturnType<AppBridges['getInternalFederationBridge']> {
    return this.get<ReturnType<AppBridges['getInternalFederationBridge']>>('federation');
  }
  getListenerBridge(): ReturnType<AppBridges['getListenerBridge']> {
    return missingBridge<ReturnType<AppBridges['getListenerBridge']>>('listener');
  }
  getContactBridge(): ReturnType<AppBridges['getContactBridge']> {
    return missingBridge<ReturnType<AppBridges['getContactBridge']>>('contact');
  }
  getHttpBridge(): HttpBridge {
    return this.get<HttpBridge>('http');
  }
  getLivechatBridge(): ReturnType<AppBridges['getLivechatBridge']> {
    return this.get<ReturnType<AppBridges['getLivechatBridge']>>('livechat');
  }
  getUploadBridge(): UploadBridge {
    return this.get<UploadBridge>('upload');
  }
  getEmailBridge(): EmailBridge {
    return this.get<EmailBridge>('email');
  }
  getSchedulerBridge(): SchedulerBridge {
    return this.get<SchedulerBridge>('scheduler');
  }
  getCloudWorkspaceBridge(): ReturnType<AppBridges['getCloudWorkspaceBridge']> {
    return missingBridge<ReturnType<AppBridges['getCloudWorkspaceBridge']>>('cloudWorkspace');
  }
  getVideoConferenceBridge(): ReturnType<AppBridges['getVideoConferenceBridge']> {
    return missingBridge<ReturnType<AppBridges['getVideoConferenceBridge']>>('videoConference');
  }
  getOAuthAppsBridge(): ReturnType<AppBridges['getOAuthAppsBridge']> {
    return missingBridge<ReturnType<AppBridges['getOAuthAppsBridge']>>('oauthApps');
  }
  getModerationBridge(): ModerationBridge {
    return this.get<ModerationBridge>('moderation');
  }
  getThreadBridge(): ThreadBridge {
    return this.get<ThreadBridge>('thread');
  }
  getRoleBridge(): RoleBridge {
    return this.get<RoleBridge>('role');
  }
  getOutboundMessageBridge(): ReturnType<AppBridges['getOutboundMessageBridge']> {
    return missingBridge<ReturnType<AppBridges['getOutboundMessageBridge']>>('outboundMessage');
  }
  getExperimentalBridge(): ReturnType<AppBridges['getExperimentalBridge']> {
    return missingBridge<ReturnType<AppBridges['getExperimentalBridge']>>('experimental');
  }
}
