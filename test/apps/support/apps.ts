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
