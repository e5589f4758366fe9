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
