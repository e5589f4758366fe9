import { Injectable, Logger } from '@nestjs/common';
import type { IIncomingIntegration, RpcParsedRequest, integrationsIncoming } from '@rc/contracts';
import { IntegrationsRepository, UsersRepository } from '@rc/models';
import { SettingsCache } from '@rc/settings';
import { ScriptError, ScriptSandbox } from './script-sandbox.js';
import { WebhookMessageService } from './webhook-message.service.js';

type IncomingCall = RpcParsedRequest<typeof integrationsIncoming>;
type Answer = { status: number; body: Record<string, unknown> };

const success = (extra: Record<string, unknown> = {}): Answer => ({ status: 200, body: { ...extra, success: true } });
const failure = (error: unknown, status = 400): Answer => ({ status, body: { success: false, error } });

/**
 * Rocket.Chat's incoming webhook (`executeIntegrationRest`): the integration found by id and token, its script
 * (`process_incoming_request`) run in the sandbox when enabled, then the body posted as the integration's user.
 */
@Injectable()
export class IncomingWebhooksService {
  private readonly logger = new Logger(IncomingWebhooksService.name);
  private readonly sandbox = new ScriptSandbox();

  constructor(
    private readonly integrations: IntegrationsRepository,
    private readonly users: UsersRepository,
    private readonly settings: SettingsCache,
    private readonly messages: WebhookMessageService,
  ) {}

  async execute(call: IncomingCall): Promise<Answer> {
    const found = await this.integrations.findOne({ _id: call.integrationId, token: call.token });
    if (!found || found.type !== 'webhook-incoming') {
      return { status: 401, body: { success: false, error: 'Invalid integration id or token provided.' } };
    }
    const integration: IIncomingIntegration = found;
    if (integration.enabled !== true) return failure('Service Unavailable', 503);
    const user = await this.users.findRoomUserById(integration.userId);
    if (!user?.username) return failure('Invalid user');

    let body: Record<string, unknown> | undefined = call.body;
    const separateResponse = call.body.separateResponse === true;
    let scriptResponse: Record<string, unknown> | undefined;
    if (integration.scriptEnabled && integration.scriptCompiled?.trim()) {
      let result: unknown;
      try {
        const outcome = await this.sandbox.call(
          integration.scriptCompiled,
          'process_incoming_request',
          { request: this.scriptRequest(call, user) },
          this.limits(),
        );
        if (outcome.missing) {
          this.logger.warn(`integration ${integration._id}: the script has no process_incoming_request`);
          result = undefined;
        } else result = outcome.result;
      } catch (error) {
        this.logger.warn(
          `integration ${integration._id}: script failed (${error instanceof ScriptError ? error.kind : 'error'}): ${String(error)}`,
        );
        return failure('error-running-script');
      }
      if (!result || typeof result !== 'object') return success();
      const answer = result as { error?: unknown; content?: unknown; response?: unknown };
      if (answer.error) return failure(answer.error);
      body = typeof answer.content === 'object' && answer.content !== null ? { ...(answer.content as Record<string, unknown>) } : undefined;
      if (body && !('separateResponse' in body)) body.separateResponse = separateResponse;
      if (typeof answer.response === 'object' && answer.response !== null) scriptResponse = answer.response as Record<string, unknown>;
    }

    if (!body || (Object.keys(body).length === 0 && !integration.scriptEnabled)) return success();
    if ((body.channel || body.roomId) && !integration.overrideDestinationChannelEnabled) {
      return failure('overriding destination channel is disabled for this integration');
    }
    try {
      const responses = await this.messages.post(
        { _id: user._id, username: user.username },
        body,
        { channel: integration.channel, alias: integration.alias, avatar: integration.avatar, emoji: integration.emoji },
        integration._id,
        { separateResponse: body.separateResponse === true },
      );
      if (responses.length === 0) return failure('unknown-error');
      if (scriptResponse) return success(scriptResponse);
      if (body.separateResponse === true) {
        return responses.every((response) => 'error' in response) ? failure({ responses }) : success({ responses });
      }
      return success();
    } catch (error) {
      return failure(error instanceof Error ? error.message : String(error));
    }
  }

  private limits() {
    return {
      timeoutMs: this.settings.get<number>('Integrations_Script_Timeout') ?? 3000,
      memoryMb: this.settings.get<number>('Integrations_Script_Memory_Limit') ?? 32,
    };
  }

  /** The `request` a script sees (Rocket.Chat's shape). */
  private scriptRequest(call: IncomingCall, user: { _id: string; username?: string; name?: string }) {
    const url = new URL(call.url, 'http://hooks.invalid');
    return {
      url: { hash: url.hash, search: url.search, query: call.query, pathname: url.pathname, path: call.url },
      url_raw: call.url,
      url_params: { integrationId: call.integrationId, token: call.token },
      content: call.body,
      content_raw: call.rawContent,
      headers: call.headers,
      body: call.body,
      user: { _id: user._id, name: user.name ?? '', username: user.username },
    };
  }
}
