/**
 * The test suite's apps, as their authors would write them against `@rocket.chat/apps-engine/definition`.
 */

/** Guard: a slash command, pre-send hooks (a blocked word, an edited word), a reply after sending, an HTTP endpoint with a setting and persistence. */
export const GUARD_APP = `
import { IAppAccessors, IConfigurationExtend, IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, ApiSecurity, ApiVisibility, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { IMessage, IPostMessageSent, IPreMessageSentModify, IPreMessageSentPrevent } from '@rocket.chat/apps-engine/definition/messages';
import { IAppInfo, RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { ISetting, SettingType } from '@rocket.chat/apps-engine/definition/settings';
import { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';

export class GuardApp extends App implements IPreMessageSentPrevent, IPreMessageSentModify, IPostMessageSent {
  constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
    super(info, logger, accessors);
  }

  async checkPreMessageSentPrevent(message: IMessage): Promise<boolean> {
    return typeof message.text === 'string';
  }

  async executePreMessageSentPrevent(message: IMessage): Promise<boolean> {
    return (message.text ?? '').includes('forbidden');
  }

  async executePreMessageSentModify(message: IMessage, builder: any): Promise<IMessage> {
    const text = message.text ?? '';
    return text.includes('darn') ? builder.setText(text.replace(/darn/g, 'd**n')).getMessage() : message;
  }

  async executePostMessageSent(message: IMessage, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<void> {
    if (message.text !== 'ping') return;
    const bot = await read.getUserReader().getAppUser();
    if (!bot || message.sender.id === bot.id) return;
    await modify.getCreator().finish(modify.getCreator().startMessage().setRoom(message.room).setSender(bot).setText('pong from the app'));
  }

  protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    const greeting: ISetting = {
      id: 'greeting',
      type: SettingType.STRING,
      packageValue: 'hello',
      required: false,
      public: false,
      i18nLabel: 'Greeting',
    };
    await configuration.settings.provideSetting(greeting);
    await configuration.slashCommands.provideSlashCommand(new EchoCommand());
    await configuration.api.provideApi({
      visibility: ApiVisibility.PUBLIC,
      security: ApiSecurity.UNSECURE,
      endpoints: [new HelloEndpoint(this)],
    });
  }
}

class EchoCommand implements ISlashCommand {
  command = 'echo-app';
  i18nParamsExample = 'text';
  i18nDescription = 'Echoes_the_text';
  providesPreview = false;

  async executor(context: SlashCommandContext, read: IRead, modify: IModify): Promise<void> {
    const bot = await read.getUserReader().getAppUser();
    const text = 'echo: ' + context.getArguments().join(' ');
    const builder = modify.getCreator().startMessage().setRoom(context.getRoom()).setText(text);
    if (bot) builder.setSender(bot);
    await modify.getCreator().finish(builder);
  }
}

class HelloEndpoint extends ApiEndpoint {
  path = 'hello';

  async get(request: IApiRequest, endpoint: IApiEndpointInfo, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<IApiResponse> {
    const visit = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'visits');
    const [stored] = (await read.getPersistenceReader().readByAssociation(visit)) as Array<{ count: number }>;
    const count = (stored?.count ?? 0) + 1;
    await persis.updateByAssociation(visit, { count }, true);
    const greeting = await read.getEnvironmentReader().getSettings().getValueById('greeting');
    return this.json({ status: 200, content: { greeting, count, who: request.query.who ?? null } });
  }
}
`;

/** Hostile: a pre-send hook that never returns (an endless loop) for messages that say "loop". */
export const HOSTILE_APP = `
import { IAppAccessors, ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { IMessage, IPreMessageSentModify } from '@rocket.chat/apps-engine/definition/messages';
import { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';

export class HostileApp extends App implements IPreMessageSentModify {
  constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
    super(info, logger, accessors);
  }

  async executePreMessageSentModify(message: IMessage): Promise<IMessage> {
    if ((message.text ?? '').includes('loop')) {
      for (;;) {
        // spins forever: only the engine's time limit ends it
      }
    }
    return message;
  }
}
`;

/**
 * Panel: a button in a message opens a modal whose submission reaches the app (UI Kit), scheduled jobs (one-off
 * and recurring), outbound HTTP (an endpoint that fetches a URL), and the post-event listeners. What it sees is
 * kept in its persistence (`{event, …}` records), which the tests read.
 */
export const PANEL_APP = `
import { IAppAccessors, IConfigurationExtend, IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, ApiSecurity, ApiVisibility, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { IMessage, IPostMessageUpdated } from '@rocket.chat/apps-engine/definition/messages';
import { IAppInfo, RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { IPostRoomCreate, IPostRoomUserJoined, IRoom, IRoomUserJoinedContext } from '@rocket.chat/apps-engine/definition/rooms';
import { IJobContext } from '@rocket.chat/apps-engine/definition/scheduler';
import { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { IUIKitInteractionHandler, UIKitBlockInteractionContext, UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import { IPostUserCreated, IUserContext } from '@rocket.chat/apps-engine/definition/users';

const EVENTS = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'events');

async function record(persis: IPersistence, event: object): Promise<void> {
  await persis.createWithAssociation(event, EVENTS);
}

export class PanelApp extends App implements IUIKitInteractionHandler, IPostMessageUpdated, IPostRoomCreate, IPostRoomUserJoined, IPostUserCreated {
  constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
    super(info, logger, accessors);
  }

  async executeBlockActionHandler(context: UIKitBlockInteractionContext) {
    const data = context.getInteractionData();
    if (data.actionId !== 'open-form') return context.getInteractionResponder().successResponse();
    return context.getInteractionResponder().openModalViewResponse({
      id: 'panel-form',
      title: { type: 'plain_text', text: 'Tell the app' } as any,
      blocks: [
        {
          type: 'input',
          blockId: 'answer-block',
          label: { type: 'plain_text', text: 'Answer' },
          element: { type: 'plain_text_input', actionId: 'answer', appId: this.getID(), blockId: 'answer-block' },
        } as any,
      ],
      submit: { type: 'button', text: { type: 'plain_text', text: 'Send' }, actionId: 'submit', appId: this.getID(), blockId: 'submit' } as any,
    });
  }

  async executeViewSubmitHandler(context: UIKitViewSubmitInteractionContext, read: IRead, http: IHttp, persis: IPersistence) {
    const { view, user } = context.getInteractionData();
    const answer = ((view.state as any)?.['answer-block']?.answer ?? '') as string;
    if (!answer) return context.getInteractionResponder().viewErrorResponse({ viewId: view.id, errors: { answer: 'Say something' } });
    await record(persis, { event: 'viewSubmit', view: view.id, answer, by: user.username });
    return context.getInteractionResponder().successResponse();
  }

  async executePostMessageUpdated(message: IMessage, read: IRead, http: IHttp, persis: IPersistence): Promise<void> {
    await record(persis, { event: 'IPostMessageUpdated', id: message.id, text: message.text });
  }

  async executePostRoomCreate(room: IRoom, read: IRead, http: IHttp, persis: IPersistence): Promise<void> {
    await record(persis, { event: 'IPostRoomCreate', room: room.slugifiedName, creator: room.creator.username });
  }

  async executePostRoomUserJoined(context: IRoomUserJoinedContext, read: IRead, http: IHttp, persis: IPersistence): Promise<void> {
    await record(persis, {
      event: 'IPostRoomUserJoined',
      room: context.room.slugifiedName,
      user: context.joiningUser.username,
      inviter: context.inviter?.username ?? null,
    });
  }

  async executePostUserCreated(context: IUserContext, read: IRead, http: IHttp, persis: IPersistence): Promise<void> {
    await record(persis, { event: 'IPostUserCreated', user: context.user.username });
  }

  protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    await configuration.slashCommands.provideSlashCommand(new PanelCommand(this));
    await configuration.scheduler.registerProcessors([
      {
        id: 'once',
        processor: async (job: IJobContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) => {
          await record(persis, { event: 'job', job: 'once', n: job.n });
        },
      },
      {
        id: 'tick',
        processor: async (job: IJobContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) => {
          await record(persis, { event: 'job', job: 'tick' });
        },
      },
    ]);
    await configuration.api.provideApi({
      visibility: ApiVisibility.PUBLIC,
      security: ApiSecurity.UNSECURE,
      endpoints: [new FetchEndpoint(this)],
    });
  }
}

/** \`/panel\` (a button, as an ephemeral message), \`/panel once <n>\`, \`/panel tick\`, \`/panel stop\`. */
class PanelCommand implements ISlashCommand {
  command = 'panel';
  i18nParamsExample = '';
  i18nDescription = 'Panel';
  providesPreview = false;

  constructor(private readonly app: App) {}

  async executor(context: SlashCommandContext, read: IRead, modify: IModify): Promise<void> {
    const [action, arg] = context.getArguments();
    if (action === 'once') {
      await modify.getScheduler().scheduleOnce({ id: 'once', when: new Date(), data: { n: Number(arg) } });
      return;
    }
    if (action === 'tick') {
      await modify.getScheduler().scheduleRecurring({ id: 'tick', interval: '1 second' });
      return;
    }
    if (action === 'stop') {
      await modify.getScheduler().cancelJob('tick');
      return;
    }
    const bot = await read.getUserReader().getAppUser();
    const appId = this.app.getID();
    const message = modify
      .getCreator()
      .startMessage()
      .setRoom(context.getRoom())
      .setText('Open the form')
      .setBlocks([
        {
          type: 'actions',
          blockId: 'panel',
          elements: [{ type: 'button', actionId: 'open-form', appId, blockId: 'panel', text: { type: 'plain_text', text: 'Open' }, value: 'go' }],
        } as any,
      ]);
    if (bot) message.setSender(bot);
    await modify.getNotifier().notifyUser(context.getSender(), message.getMessage());
  }
}

/** \`GET fetch?url=…\`: the app calls the URL through its http accessor and tells what came back. */
class FetchEndpoint extends ApiEndpoint {
  path = 'fetch';

  async get(request: IApiRequest, endpoint: IApiEndpointInfo, read: IRead, modify: IModify, http: IHttp): Promise<IApiResponse> {
    try {
      const response = await http.get(String(request.query.url));
      return this.json({ status: 200, content: { statusCode: response.statusCode, content: response.content, data: response.data ?? null } });
    } catch (error) {
      return this.json({ status: 200, content: { error: String((error as any)?.message ?? error) } });
    }
  }
}
`;

/** Hostile too: a pre-send hook that eats memory until its heap limit ("hog"), one that never answers ("hang"). */
export const HOG_APP = `
import { IAppAccessors, ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { IMessage, IPreMessageSentModify } from '@rocket.chat/apps-engine/definition/messages';
import { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';

export class HogApp extends App implements IPreMessageSentModify {
  private readonly hoard: number[][] = [];

  constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
    super(info, logger, accessors);
  }

  async executePreMessageSentModify(message: IMessage): Promise<IMessage> {
    const text = message.text ?? '';
    if (text.includes('hog')) {
      for (;;) this.hoard.push(new Array(1_000_000).fill(Math.random()));
    }
    if (text.includes('hang')) await new Promise(() => undefined);
    return message;
  }
}
`;

/** Hostile at load: its constructor throws, so the engine cannot start it. */
export const CRASH_APP = `
import { IAppAccessors, ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';

export class CrashApp extends App {
  constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
    super(info, logger, accessors);
    throw new Error('crashed while loading on purpose');
  }
}
`;

/** The same app as HOG_APP, updated: its hook now tags messages that say "tag-me". */
export const HOG_APP_V2 = `
import { IAppAccessors, ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { IMessage, IPreMessageSentModify } from '@rocket.chat/apps-engine/definition/messages';
import { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';

export class HogApp extends App implements IPreMessageSentModify {
  constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
    super(info, logger, accessors);
  }

  async executePreMessageSentModify(message: IMessage, builder: any): Promise<IMessage> {
    const text = message.text ?? '';
    return text.includes('tag-me') ? builder.setText(text + ' [v2]').getMessage() : message;
  }
}
`;

/**
 * Kit: the remaining bridges. A stored message with buttons (`/kit post`) whose click reaches the app with the
 * message and the room, and the app updates that message; a slash command and an action button (for the
 * `command/*` and `actions/changed` stream events); endpoints that read a thread, a role, an upload and an
 * environment variable, write a file into a room, report a message, send an e-mail, and call a URL through the
 * HTTP bridge and with Deno's own `fetch`.
 */
export const KIT_APP = `
import { IAppAccessors, IConfigurationExtend, IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, ApiSecurity, ApiVisibility, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { IAppInfo, RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { UIActionButtonContext } from '@rocket.chat/apps-engine/definition/ui';
import { IUIKitInteractionHandler, UIKitBlockInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';

const EVENTS = new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, 'kit-events');

function failure(error: unknown): string {
  return String((error as any)?.message ?? error);
}

export class KitApp extends App implements IUIKitInteractionHandler {
  constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
    super(info, logger, accessors);
  }

  async executeBlockActionHandler(context: UIKitBlockInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify) {
    const data = context.getInteractionData();
    if (data.actionId !== 'kit-done' || !data.message) return context.getInteractionResponder().successResponse();
    await persis.createWithAssociation(
      { event: 'blockAction', mid: data.message.id, rid: data.room?.id ?? null, text: data.message.text ?? null, by: data.user.username, value: data.value ?? null },
      EVENTS,
    );
    const bot = await read.getUserReader().getAppUser();
    const builder = await modify.getUpdater().message(data.message.id as string, bot!);
    builder.setEditor(bot!).setText('Done by ' + data.user.username).setBlocks([
      { type: 'section', blockId: 'kit-result', text: { type: 'plain_text', text: 'Handled', emoji: false } } as any,
    ]);
    await modify.getUpdater().finish(builder);
    return context.getInteractionResponder().successResponse();
  }

  protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    await configuration.slashCommands.provideSlashCommand(new KitCommand(this));
    configuration.ui.registerButton({ actionId: 'kit-action', labelI18n: 'Kit_action', context: UIActionButtonContext.MESSAGE_ACTION });
    await configuration.api.provideApi({
      visibility: ApiVisibility.PUBLIC,
      security: ApiSecurity.UNSECURE,
      endpoints: [new KitEndpoint(this)],
    });
  }
}

/** \`/kit post\`: a stored message of the app's with a button. */
class KitCommand implements ISlashCommand {
  command = 'kit';
  i18nParamsExample = '';
  i18nDescription = 'Kit';
  providesPreview = false;

  constructor(private readonly app: App) {}

  async executor(context: SlashCommandContext, read: IRead, modify: IModify): Promise<void> {
    const bot = await read.getUserReader().getAppUser();
    const appId = this.app.getID();
    const builder = modify
      .getCreator()
      .startMessage()
      .setRoom(context.getRoom())
      .setText('Kit asks')
      .setBlocks([
        {
          type: 'actions',
          blockId: 'kit',
          elements: [{ type: 'button', actionId: 'kit-done', appId, blockId: 'kit', text: { type: 'plain_text', text: 'Done' }, value: 'yes' }],
        } as any,
      ]);
    if (bot) builder.setSender(bot);
    await modify.getCreator().finish(builder);
  }
}

/** \`GET|POST /api/apps/public/<id>/kit/<what>\`: one bridge each, answering what it got or the error. */
class KitEndpoint extends ApiEndpoint {
  path = 'kit/:what';

  async get(request: IApiRequest, endpoint: IApiEndpointInfo, read: IRead, modify: IModify, http: IHttp): Promise<IApiResponse> {
    const q = request.query as Record<string, string>;
    try {
      switch (request.params.what) {
        case 'thread': {
          const messages = (await read.getThreadReader().getThreadById(q.id)) ?? [];
          return this.json({ status: 200, content: { texts: messages.map((m) => m.text), senders: messages.map((m) => m.sender.username) } });
        }
        case 'role': {
          const role = await read.getRoleReader().getOneByIdOrName(q.name, this.app.getID());
          const custom = await read.getRoleReader().getCustomRoles(this.app.getID());
          return this.json({ status: 200, content: { role, custom: custom.map((r) => r.name) } });
        }
        case 'upload': {
          const upload = await read.getUploadReader().getById(q.id);
          const buffer = await read.getUploadReader().getBufferById(q.id);
          return this.json({ status: 200, content: { name: upload.name, room: upload.room?.id ?? null, body: new TextDecoder().decode(buffer as unknown as Uint8Array) } });
        }
        case 'env': {
          const env = read.getEnvironmentReader().getEnvironmentVariables();
          return this.json({ status: 200, content: { readable: await env.isReadable(q.name), value: (await env.getValueByName(q.name)) ?? null } });
        }
        case 'http': {
          const response = await http.get(q.url);
          return this.json({ status: 200, content: { statusCode: response.statusCode, content: response.content ?? null } });
        }
        case 'deno-fetch': {
          const response = await fetch(q.url);
          return this.json({ status: 200, content: { status: response.status, body: await response.text() } });
        }
        default:
          return this.json({ status: 404, content: { error: 'unknown' } });
      }
    } catch (error) {
      return this.json({ status: 200, content: { error: failure(error) } });
    }
  }

  async post(request: IApiRequest, endpoint: IApiEndpointInfo, read: IRead, modify: IModify): Promise<IApiResponse> {
    const body = request.content as Record<string, string>;
    try {
      switch (request.params.what) {
        case 'report':
          await modify.getModerationModifier().report(body.messageId, body.description, body.userId, this.app.getID());
          return this.json({ status: 200, content: { reported: true } });
        case 'upload': {
          const room = await read.getRoomReader().getById(body.rid);
          const user = body.userId ? await read.getUserReader().getById(body.userId) : undefined;
          const upload = await modify
            .getCreator()
            .getUploadCreator()
            .uploadBuffer(new TextEncoder().encode(body.text) as any, { filename: body.name, room: room!, ...(user && { user }) });
          return this.json({ status: 200, content: { id: upload.id, name: upload.name, type: upload.type, room: upload.room?.id ?? null } });
        }
        case 'email':
          await modify.getCreator().getEmailCreator().send({ to: body.to, subject: body.subject, text: body.text });
          return this.json({ status: 200, content: { sent: true } });
        default:
          return this.json({ status: 404, content: { error: 'unknown' } });
      }
    } catch (error) {
      return this.json({ status: 200, content: { error: failure(error) } });
    }
  }
}
`;

/**
 * Desk: the livechat bridge. `GET|POST /api/apps/public/<id>/desk/<what>` each call one livechat method of the
 * app's accessors and answer what came back (or the error).
 */
export const DESK_APP = `
import { IAppAccessors, IConfigurationExtend, IHttp, ILogger, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, ApiSecurity, ApiVisibility, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';

function failure(error: unknown): string {
  return String((error as any)?.message ?? error);
}

function room(r: ILivechatRoom) {
  return {
    id: r.id,
    open: r.isOpen,
    visitor: r.visitor?.token ?? null,
    servedBy: r.servedBy?.username ?? null,
    department: r.department?.id ?? null,
    source: r.source ?? null,
    closer: r.closer ?? null,
  };
}

function visitor(v: IVisitor | undefined) {
  return v ? { id: v.id, token: v.token, name: v.name, username: v.username, livechatData: v.livechatData ?? null } : null;
}

export class DeskApp extends App {
  constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
    super(info, logger, accessors);
  }

  protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    await configuration.api.provideApi({
      visibility: ApiVisibility.PUBLIC,
      security: ApiSecurity.UNSECURE,
      endpoints: [new DeskEndpoint(this)],
    });
  }
}

class DeskEndpoint extends ApiEndpoint {
  path = 'desk/:what';

  async get(request: IApiRequest, endpoint: IApiEndpointInfo, read: IRead): Promise<IApiResponse> {
    const q = request.query as Record<string, string>;
    const livechat = read.getLivechatReader();
    try {
      switch (request.params.what) {
        case 'online':
          return this.json({ status: 200, content: { online: await livechat.isOnlineAsync(q.department || undefined) } });
        case 'visitor': {
          const found = q.id
            ? await livechat.getLivechatVisitorById(q.id)
            : q.email
              ? await livechat.getLivechatVisitorByEmail(q.email)
              : q.phone
                ? await livechat.getLivechatVisitorByPhoneNumber(q.phone)
                : await livechat.getLivechatVisitorByToken(q.token);
          return this.json({ status: 200, content: { visitor: visitor(found) } });
        }
        case 'visitors': {
          const found = await livechat.getLivechatVisitors(JSON.parse(q.query));
          return this.json({ status: 200, content: { tokens: found.map((v) => v.token) } });
        }
        case 'rooms': {
          const of = await livechat.getLivechatVisitorByToken(q.token);
          const rooms = of ? await livechat.getLivechatRooms(of, q.department || undefined) : [];
          return this.json({ status: 200, content: { rooms: rooms.map(room) } });
        }
        case 'agent-rooms': {
          const rooms = await livechat.getLivechatOpenRoomsByAgentId(q.agentId);
          const count = await livechat.getLivechatTotalOpenRoomsByAgentId(q.agentId);
          return this.json({ status: 200, content: { rooms: rooms.map(room), count } });
        }
        case 'department': {
          const department = await livechat.getLivechatDepartmentByIdOrName(q.value);
          return this.json({ status: 200, content: { department: department ? { id: department.id, name: department.name, enabled: department.enabled } : null } });
        }
        case 'departments': {
          const departments = await livechat.getDepartmentsEnabledWithAgents();
          return this.json({ status: 200, content: { ids: departments.map((d) => d.id) } });
        }
        case 'messages': {
          const messages = await livechat._fetchLivechatRoomMessages(q.rid);
          return this.json({ status: 200, content: { messages: messages.map((m) => ({ id: m.id, text: m.text, sender: m.sender?.username ?? null })) } });
        }
        case 'room': {
          const found = (await read.getRoomReader().getById(q.rid)) as ILivechatRoom | undefined;
          return this.json({ status: 200, content: { room: found ? room(found) : null } });
        }
        default:
          return this.json({ status: 404, content: { error: 'unknown' } });
      }
    } catch (error) {
      return this.json({ status: 200, content: { error: failure(error) } });
    }
  }

  async post(request: IApiRequest, endpoint: IApiEndpointInfo, read: IRead, modify: IModify): Promise<IApiResponse> {
    const body = request.content as Record<string, any>;
    const livechat = read.getLivechatReader();
    try {
      switch (request.params.what) {
        case 'visitor': {
          const created = await modify.getCreator().getLivechatCreator().createAndReturnVisitor({
            token: body.token,
            name: body.name,
            username: '',
            ...(body.email && { visitorEmails: [{ address: body.email }] }),
            ...(body.phone && { phone: [{ phoneNumber: body.phone }] }),
            ...(body.department && { department: body.department }),
          } as IVisitor);
          return this.json({ status: 200, content: { visitor: visitor(created) } });
        }
        case 'custom-field': {
          const set = await modify.getUpdater().getLivechatUpdater().setCustomFields(body.token, body.key, body.value, true);
          return this.json({ status: 200, content: { set } });
        }
        case 'room': {
          const of = await livechat.getLivechatVisitorByToken(body.token);
          const agent = body.agentId ? await read.getUserReader().getById(body.agentId) : undefined;
          const created = await modify
            .getCreator()
            .getLivechatCreator()
            .createRoom(of!, agent as any, body.source === false ? {} : { source: { type: 'app', label: 'Desk' } as any });
          return this.json({ status: 200, content: { room: room(created) } });
        }
        case 'visitor-message': {
          const of = await livechat.getLivechatVisitorByToken(body.token);
          const target = await read.getRoomReader().getById(body.rid);
          const builder = modify.getCreator().startLivechatMessage().setVisitor(of!).setRoom(target!).setText(body.text);
          return this.json({ status: 200, content: { id: await modify.getCreator().finish(builder) } });
        }
        case 'agent-message': {
          const agent = await read.getUserReader().getById(body.agentId);
          const target = await read.getRoomReader().getById(body.rid);
          const builder = modify.getCreator().startLivechatMessage().setSender(agent).setRoom(target!).setText(body.text);
          return this.json({ status: 200, content: { id: await modify.getCreator().finish(builder) } });
        }
        case 'edit': {
          const editor = body.editorId ? await read.getUserReader().getById(body.editorId) : await read.getUserReader().getAppUser();
          const builder = await modify.getUpdater().message(body.id, editor!);
          builder.setText(body.text);
          await modify.getUpdater().finish(builder);
          return this.json({ status: 200, content: { edited: true } });
        }
        case 'close': {
          const target = (await read.getRoomReader().getById(body.rid)) as ILivechatRoom;
          const closer = body.closerId ? await read.getUserReader().getById(body.closerId) : undefined;
          const closed = await modify.getUpdater().getLivechatUpdater().closeRoom(target, body.comment ?? '', closer);
          return this.json({ status: 200, content: { closed } });
        }
        default:
          return this.json({ status: 404, content: { error: 'unknown' } });
      }
    } catch (error) {
      return this.json({ status: 200, content: { error: failure(error) } });
    }
  }
}
`;

/**
 * Slow start: its `initialize` takes 1.5 s after the process is up (a restart stays under way that long), and
 * `GET /api/apps/public/<id>/fetch?url=` fetches with Deno's own `fetch`, under the process's network flags.
 */
export const SLOW_START_APP = `
import { IConfigurationExtend, IEnvironmentRead, IHttp, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, ApiSecurity, ApiVisibility, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';

export class SlowStartApp extends App {
  public async initialize(configuration: IConfigurationExtend, _environment: IEnvironmentRead): Promise<void> {
    await this.extendConfiguration(configuration);
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }

  protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
    await configuration.api.provideApi({ visibility: ApiVisibility.PUBLIC, security: ApiSecurity.UNSECURE, endpoints: [new FetchEndpoint(this)] });
  }
}

class FetchEndpoint extends ApiEndpoint {
  path = 'fetch';

  async get(request: IApiRequest, endpoint: IApiEndpointInfo, read: IRead, modify: IModify, http: IHttp): Promise<IApiResponse> {
    try {
      const response = await fetch(String(request.query.url));
      return this.json({ status: 200, content: { status: response.status, body: await response.text() } });
    } catch (error) {
      return this.json({ status: 200, content: { error: String((error as any)?.message ?? error) } });
    }
  }
}
`;
