import type { IExtraRoomParams } from '@rocket.chat/apps-engine/definition/accessors/ILivechatCreator.js';
import type { IDepartment } from '@rocket.chat/apps-engine/definition/livechat/IDepartment.js';
import type { ILivechatMessage } from '@rocket.chat/apps-engine/definition/livechat/ILivechatMessage.js';
import type { ILivechatRoom as AppLivechatRoom } from '@rocket.chat/apps-engine/definition/livechat/ILivechatRoom.js';
import type { IVisitor as AppVisitor } from '@rocket.chat/apps-engine/definition/livechat/IVisitor.js';
import type { IMessage as AppMessage } from '@rocket.chat/apps-engine/definition/messages/IMessage.js';
import type { IUser as AppUser } from '@rocket.chat/apps-engine/definition/users/IUser.js';
import { LivechatBridge } from '@rocket.chat/apps-engine/server/bridges/LivechatBridge.js';
import {
  livechatCloseRoomByUser,
  livechatCloseRoomByVisitor,
  livechatConfig,
  livechatCustomField,
  livechatGetRoom,
  livechatRegisterVisitor,
  livechatEditMessage,
  livechatSendMessage,
  messagesUpdate,
  type ILivechatDepartment,
  type ILivechatVisitor,
  type IMessage,
  type IRoom,
} from '@rc/contracts';
import type { BridgeDeps } from './bridges.js';
import { toAppMessage, toAppRoom, toAppUser } from './converters.js';

/** A livechat call this server does not make (each fails with this reason; the app sees the error). */
function notHere(method: string): never {
  throw new Error(`livechat.${method} is not available on this server`);
}

/**
 * Livechat (the engine checks the app's `livechat-*` permissions before each call). What changes something goes
 * through the omnichannel app's subjects, which keep its rules and tell the widget and the agents: visitors
 * registered (`omnichannel.visitor.register`), rooms opened, queued and routed (`omnichannel.room.get`, with the
 * app as the room's source) and closed (`omnichannel.room.closeByUser` in the closing agent's name, or
 * `closeByVisitor`), a visitor's messages sent and edited (`omnichannel.message.send` / `.edit`; an agent's go
 * through core as any user's), custom fields, whether anyone serves (`omnichannel.config`'s `online`: business
 * hours and an available agent). Reads come from the collections, as Rocket.Chat's bridge reads its models.
 */
export abstract class OurLivechatBridge extends LivechatBridge {
  constructor(private readonly deps: BridgeDeps) {
    super();
  }

  /** The engine's deprecated synchronous form: it cannot wait for the omnichannel app. */
  protected isOnline(): boolean {
    return notHere('isOnline (use isOnlineAsync)');
  }

  protected async isOnlineAsync(departmentId?: string): Promise<boolean> {
    const { config } = await this.deps.rpc.request(livechatConfig, { ...(departmentId && { department: departmentId }) });
    return config.online;
  }

  // ── messages ──

  /** A visitor's message (an agent's is the message bridge's: the runtime sends it there). */
  protected async createMessage(message: ILivechatMessage): Promise<string> {
    const token = message.visitor?.token ?? message.token;
    if (!token) throw new Error('Invalid token for livechat message');
    if (!message.room?.id) throw new Error('The message has no room');
    const { message: sent } = await this.deps.rpc.request(livechatSendMessage, { token, rid: message.room.id, msg: message.text ?? '' });
    return sent._id;
  }

  protected async getMessageById(messageId: string): Promise<ILivechatMessage> {
    const message = await this.deps.messages.findById(messageId);
    if (!message) return undefined as unknown as ILivechatMessage;
    return livechatMessage(this.deps, message);
  }

  protected updateMessage(message: ILivechatMessage, appId: string): Promise<void> {
    return editStoredMessage(this.deps, message, appId);
  }

  // ── visitors ──

  protected async createVisitor(visitor: AppVisitor): Promise<string> {
    return (await this.register(visitor)).id as string;
  }

  protected createAndReturnVisitor(visitor: AppVisitor): Promise<AppVisitor | undefined> {
    return this.register(visitor);
  }

  /** Rocket.Chat's `findEnabled(query)`, limited to plain field equalities (no operators from an app). */
  protected async findVisitors(query: object): Promise<AppVisitor[]> {
    const filter: Record<string, string | number | boolean> = {};
    for (const [key, value] of Object.entries(query ?? {})) {
      if (key.startsWith('$') || !['string', 'number', 'boolean'].includes(typeof value)) {
        throw new Error(`Unsupported visitor query on ${key}: only plain field values are accepted`);
      }
      filter[key] = value as string | number | boolean;
    }
    return (await this.deps.livechatVisitors.findMatching(filter, 100)).map(toAppVisitor);
  }

  protected async findVisitorById(id: string): Promise<AppVisitor | undefined> {
    return maybe(await this.deps.livechatVisitors.findById(id));
  }

  protected async findVisitorByEmail(email: string): Promise<AppVisitor | undefined> {
    return maybe(await this.deps.livechatVisitors.findByEmail(email));
  }

  protected async findVisitorByToken(token: string): Promise<AppVisitor | undefined> {
    return maybe(await this.deps.livechatVisitors.findByToken(token));
  }

  protected async findVisitorByPhoneNumber(phoneNumber: string): Promise<AppVisitor | undefined> {
    return maybe(await this.deps.livechatVisitors.findByPhone(phoneNumber));
  }

  protected resolveVisitor(): Promise<AppVisitor | undefined> {
    return notHere('resolveVisitor');
  }

  protected updateVisitorExternalId(): Promise<AppVisitor | undefined> {
    return notHere('updateVisitorExternalId');
  }

  protected transferVisitor(): Promise<boolean> {
    return notHere('transferVisitor');
  }

  protected async setCustomFields(data: { token: string; key: string; value: string; overwrite: boolean }): Promise<number> {
    await this.deps.rpc.request(livechatCustomField, {
      token: data.token,
      fields: [{ key: data.key, value: data.value, overwrite: data.overwrite }],
    });
    return 1;
  }

  // ── rooms ──

  /**
   * A room for the visitor, opened, queued and routed by omnichannel (to `agent` when they can take it), with the
   * app as its source. As Rocket.Chat, the app must say so: `extraParams.source.type` is `app`.
   */
  protected async createRoom(
    visitor: AppVisitor,
    agent: AppUser | undefined,
    appId: string,
    extra: IExtraRoomParams = {},
  ): Promise<AppLivechatRoom> {
    const source = extra.source;
    if (source?.type !== 'app') throw new Error('Invalid source type for livechat room');
    if (!visitor?.token) throw new Error('The room needs a visitor');
    const app = this.deps.appName(appId);
    const { room } = await this.deps.rpc.request(livechatGetRoom, {
      token: visitor.token,
      ...(agent?.id && { agentId: agent.id }),
      source: {
        type: 'app',
        id: appId,
        ...(app && { alias: app }),
        ...(source.label && { label: source.label }),
        ...(source.sidebarIcon && { sidebarIcon: source.sidebarIcon }),
        ...(source.defaultIcon && { defaultIcon: source.defaultIcon }),
      },
    });
    return this.appRoom(room as unknown as IRoom);
  }

  /** Closed by `closer` (an agent, in their name and with their rights) or, without one, as the visitor closes it. */
  protected async closeRoom(room: AppLivechatRoom, comment: string, closer: AppUser | undefined): Promise<boolean> {
    const stored = await this.deps.rooms.findLivechatById(room.id);
    if (!stored) throw new Error(`No livechat room ${room.id}`);
    if (closer?.id) {
      const user = await this.deps.users.findById(closer.id);
      if (!user?.username) throw new Error(`No user ${closer.id} to close the room`);
      await this.deps.rpc.request(livechatCloseRoomByUser, {
        actor: { userId: user._id, username: user.username },
        rid: stored._id,
        ...(comment && { comment }),
      });
    } else {
      await this.deps.rpc.request(livechatCloseRoomByVisitor, { token: stored.v.token, rid: stored._id });
    }
    return true;
  }

  protected async countOpenRoomsByAgentId(agentId: string): Promise<number> {
    if (!agentId) throw new Error('Invalid agentId');
    return (await this.deps.rooms.findOpenLivechatServedBy(agentId)).length;
  }

  protected async findOpenRoomsByAgentId(agentId: string): Promise<AppLivechatRoom[]> {
    if (!agentId) throw new Error('Invalid agentId');
    const rooms = await this.deps.rooms.findOpenLivechatServedBy(agentId);
    return rooms.map((room) => this.appRoom(room as unknown as IRoom));
  }

  protected async findRooms(visitor: AppVisitor, departmentId: string | null): Promise<AppLivechatRoom[]> {
    if (!visitor?.token) return [];
    const rooms = await this.deps.rooms.findOpenLivechatOfVisitor(visitor.token, departmentId ?? undefined);
    return rooms.map((room) => this.appRoom(room as unknown as IRoom));
  }

  protected async _fetchLivechatRoomMessages(_appId: string, roomId: string): Promise<AppMessage[]> {
    const messages = await this.deps.messages.findAllVisibleOfRoom(roomId);
    return Promise.all(messages.map((message) => livechatMessage(this.deps, message)));
  }

  // ── departments ──

  protected async findDepartmentByIdOrName(value: string): Promise<IDepartment | undefined> {
    const department = await this.deps.livechatDepartments.findByIdOrName(value);
    return department ? toAppDepartment(department) : undefined;
  }

  /** Rocket.Chat's `findEnabledWithAgents`: enabled, with at least one agent. */
  protected async findDepartmentsEnabledWithAgents(): Promise<IDepartment[]> {
    const { items } = await this.deps.livechatDepartments.page({ enabled: true }, 0, 0);
    return items.filter((d) => d.numAgents > 0).map(toAppDepartment);
  }

  private async register(visitor: AppVisitor): Promise<AppVisitor> {
    const email = visitor.visitorEmails?.[0]?.address;
    const phone = visitor.phone?.[0]?.phoneNumber;
    const { visitor: stored } = await this.deps.rpc.request(livechatRegisterVisitor, {
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
  }

  private appRoom(room: IRoom): AppLivechatRoom {
    return toAppRoom(room) as AppLivechatRoom;
  }
}

/**
 * An app's change to a stored message (the runtime sends its id and the fields its builder changed): a livechat
 * visitor's message through omnichannel's edit (by the visitor's token), any other through core's edit in the
 * editor's name (the app's user unless the app names another), so the room sees the edit live.
 */
export async function editStoredMessage(deps: BridgeDeps, message: AppMessage, appId: string): Promise<void> {
  if (!message.id) throw new Error('The message to update has no id');
  const stored = await deps.messages.findById(message.id);
  if (!stored) throw new Error(`No message ${message.id}`);
  const token = (stored as IMessage & { token?: string }).token;
  if (token) {
    await deps.rpc.request(livechatEditMessage, { token, rid: stored.rid, _id: stored._id, msg: message.text ?? stored.msg });
    return;
  }
  const editor = message.editor?.id ? await deps.users.findById(message.editor.id) : await deps.users.findByAppId(appId);
  if (!editor?.username) throw new Error('The message update has no valid editor');
  await deps.rpc.request(messagesUpdate, {
    actor: { userId: editor._id, username: editor.username },
    msgId: stored._id,
    roomId: stored.rid,
    text: message.text ?? stored.msg,
    ...(message.blocks && { blocks: message.blocks as never }),
  });
}

/** A stored message as the livechat reader gives it: a visitor's carries the visitor and the token. */
async function livechatMessage(deps: BridgeDeps, message: IMessage): Promise<ILivechatMessage> {
  const token = (message as IMessage & { token?: string }).token;
  const [room, visitor, user] = await Promise.all([
    deps.rooms.findById(message.rid),
    token ? deps.livechatVisitors.findByToken(token) : null,
    token ? null : deps.users.findById(message.u._id),
  ]);
  const appMessage = toAppMessage(
    message,
    toAppRoom(room ?? ({ _id: message.rid, t: 'l' } as unknown as IRoom)),
    toAppUser(user ?? message.u),
  );
  return { ...appMessage, ...(visitor && { visitor: toAppVisitor(visitor), token }) };
}

function maybe(visitor: ILivechatVisitor | null): AppVisitor | undefined {
  return visitor ? toAppVisitor(visitor) : undefined;
}

export function toAppVisitor(visitor: ILivechatVisitor): AppVisitor {
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

function toAppDepartment(department: ILivechatDepartment): IDepartment {
  return {
    id: department._id,
    name: department.name,
    enabled: department.enabled,
    updatedAt: department._updatedAt,
    numberOfAgents: department.numAgents ?? 0,
    showOnOfflineForm: department.showOnOfflineForm,
    showOnRegistration: department.showOnRegistration,
    ...(department.email && { email: department.email }),
    ...(department.description && { description: department.description }),
    ...(department.offlineMessageChannelName && { offlineMessageChannelName: department.offlineMessageChannelName }),
    ...(department.chatClosingTags && { chatClosingTags: department.chatClosingTags }),
  };
}
