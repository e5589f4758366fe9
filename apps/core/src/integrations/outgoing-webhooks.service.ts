import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  integrationsChangedEvent,
  messageCreatedEvent,
  messageEditedEvent,
  roomCreatedEvent,
  userCreatedEvent,
  type IIntegrationHistory,
  type IMessage,
  type IOutgoingIntegration,
  type IRoom,
} from '@rc/contracts';
import { IntegrationsRepository, MessagesRepository, RoomsRepository, UsersRepository } from '@rc/models';
import { AddressRefusedError, EventBus, outgoingCall, type OutgoingResponse } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import { CallHistory, IntegrationHistoryRecorder } from './integration-history.recorder.js';
import { matchTriggerWord, OUTGOING_EVENT_USES, retryWait } from './integration-rules.js';
import {
  buildOutgoingPayload,
  triggerTable,
  triggersFor,
  type EventUser,
  type OutgoingPayload,
  type TriggerArgs,
} from './outgoing-payload.js';
import { ScriptSandbox } from './script-sandbox.js';
import { WebhookMessageService, type WebhookResponse } from './webhook-message.service.js';

/** The request an outgoing call makes (Rocket.Chat's `prepareOutgoingRequest` default; a script may replace it). */
interface PreparedRequest {
  url?: string;
  method?: string;
  headers?: Record<string, string>;
  data?: unknown;
  auth?: string;
  params?: Record<string, unknown>;
  message?: Record<string, unknown>;
}

const SUCCESS_STATUSES = [200, 201, 202];
const JSON_TYPES = ['application/json', 'text/javascript', 'application/javascript', 'application/x-javascript'];
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2227.0 Safari/537.36';
/** The queue group sharing the events among core instances: each event fires its webhooks once. */
const QUEUE = 'core.outgoing-webhooks';

/**
 * Rocket.Chat's outgoing webhooks (`triggerHandler`). Each core instance holds the table of outgoing
 * integrations (reloaded on `events.integrations-changed`) and takes its share of the events (queue group):
 * messages (`sendMessage`, `fileUploaded`, and the `uj`/`ul`/`room-archived` system messages as `roomJoined`,
 * `roomLeft`, `roomArchived`), `roomCreated`, `userCreated`. For each matching trigger and URL: the payload,
 * the optional `prepare_outgoing_request` script, the call under the address rule (SSRF), the optional
 * `process_outgoing_response` script, the answer's `text`/`attachments` posted back, retries with the
 * integration's backoff; every step in `rocketchat_integration_history`. Nothing of this runs on the send path:
 * the message is stored and acknowledged before the event is even received. The events are listened to only while
 * an outgoing integration exists: every message's event was otherwise routed to core and decoded to be dropped.
 */
@Injectable()
export class OutgoingWebhooksService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutgoingWebhooksService.name);
  private readonly sandbox = new ScriptSandbox();
  private table = new Map<string, Map<string, IOutgoingIntegration>>();
  private byId = new Map<string, IOutgoingIntegration>();
  private readonly unsubscribe: Array<() => void> = [];
  /** The subscriptions to the events that fire webhooks, while there is an outgoing integration. */
  private triggers: Array<() => void> = [];
  private stopped = false;
  private readonly retries = new Set<NodeJS.Timeout>();
  private reloading?: Promise<void>;
  private reloadAgain = false;

  constructor(
    private readonly integrations: IntegrationsRepository,
    private readonly users: UsersRepository,
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
    private readonly settings: SettingsCache,
    private readonly events: EventBus,
    private readonly history: IntegrationHistoryRecorder,
    private readonly poster: WebhookMessageService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.events.connected();
    this.unsubscribe.push(this.events.subscribe(integrationsChangedEvent, '*', () => this.reload()));
    await this.reload();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.unsubscribe.forEach((stop) => stop());
    this.listen(false);
    this.retries.forEach((timer) => clearTimeout(timer));
  }

  /** Subscribes to the events that fire webhooks (each core instance takes its share: queue group), or stops. */
  private listen(wanted: boolean): void {
    const on = wanted && !this.stopped;
    if (on === this.triggers.length > 0) return;
    if (!on) {
      this.triggers.forEach((stop) => stop());
      this.triggers = [];
      return;
    }
    this.triggers = [
      this.events.subscribe(messageCreatedEvent, '*', ({ message, room }) => this.onMessage(message, room), { queue: QUEUE }),
      // An edit fires `sendMessage` again for the integrations with `runOnEdits` (the payload says `isEdited`).
      this.events.subscribe(messageEditedEvent, '*', ({ message, room }) => this.execute({ event: 'sendMessage', message, room }), {
        queue: QUEUE,
      }),
      this.events.subscribe(roomCreatedEvent, '*', ({ room, owner }) => this.execute({ event: 'roomCreated', room, owner }), {
        queue: QUEUE,
      }),
      this.events.subscribe(userCreatedEvent, '*', ({ user }) => this.execute({ event: 'userCreated', user }), { queue: QUEUE }),
    ];
  }

  /** Reloads the trigger table (changes arriving during a reload make one more). */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadAgain = false;
        const all = await this.integrations.findOutgoing();
        this.byId = new Map(all.map((integration) => [integration._id, integration]));
        this.table = triggerTable(all, (event) => OUTGOING_EVENT_USES[event]?.channel ?? false);
        this.listen(this.byId.size > 0);
      } while (this.reloadAgain);
    })()
      .catch((error: unknown) => this.logger.error(`reloading outgoing webhooks failed: ${String(error)}`))
      .finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async onMessage(message: IMessage, room: IRoom): Promise<void> {
    if (this.byId.size === 0) return;
    const user = { _id: message.u._id, username: message.u.username, name: message.u.name };
    switch (message.t) {
      case undefined:
        await this.execute({ event: 'sendMessage', message, room });
        if (message.file) await this.execute({ event: 'fileUploaded', message, room, user });
        return;
      case 'uj':
      case 'ujt':
        return this.execute({ event: 'roomJoined', room, user });
      case 'ul':
      case 'ult':
        return this.execute({ event: 'roomLeft', room, user });
      case 'room-archived':
        return this.execute({ event: 'roomArchived', room, user });
      default:
        return;
    }
  }

  /** Rocket.Chat's `executeTriggers`: every enabled trigger of the event listening where it happened. */
  async execute(args: TriggerArgs): Promise<void> {
    if (this.byId.size === 0) return;
    const triggers = triggersFor(this.table, args.room, args.message?.u.username).filter(
      (trigger) => trigger.enabled === true && trigger.event === args.event && args.message?.bot?.i !== trigger._id,
    );
    for (const trigger of triggers) {
      for (const url of trigger.urls ?? []) {
        await this.executeUrl(url, trigger, args, 0).catch((error: unknown) =>
          this.logger.error(`outgoing webhook ${trigger._id} to ${url} failed: ${String(error)}`),
        );
      }
    }
  }

  /** Rocket.Chat's `replay`: the recorded call made again with the message, room and users as they are now. */
  async replay(integration: IOutgoingIntegration, entry: IIntegrationHistory): Promise<void> {
    const data = entry.data ?? {};
    const id = (key: string) => (typeof data[key] === 'string' ? data[key] : undefined);
    const ownerId = (data.owner as { _id?: string } | undefined)?._id;
    const [message, room, user, owner] = await Promise.all([
      id('message_id') ? this.messages.findById(id('message_id')!) : null,
      id('channel_id') ? this.rooms.findById(id('channel_id')!) : null,
      id('user_id') ? this.users.findRoomUserById(id('user_id')!) : null,
      ownerId ? this.users.findRoomUserById(ownerId) : null,
    ]);
    if (!entry.url) return;
    await this.executeUrl(
      entry.url,
      integration,
      {
        event: integration.event,
        message: message ?? undefined,
        room: room ?? undefined,
        user: (user as EventUser | null) ?? undefined,
        owner: (owner as EventUser | null) ?? undefined,
      },
      0,
    );
  }

  private async executeUrl(url: string, stale: IOutgoingIntegration, args: TriggerArgs, tries: number): Promise<void> {
    // A retry runs with the integration as it is now, and stops if it was disabled or removed meanwhile.
    const trigger = this.byId.get(stale._id);
    if (!trigger?.enabled) return;
    const { message } = args;
    let word: string | undefined;
    if (OUTGOING_EVENT_USES[args.event].triggerWords && message) {
      word = matchTriggerWord(trigger.triggerWords, message.msg, trigger.triggerWordAnywhere);
      if (word === undefined) return;
    }
    if (message?.editedAt && !trigger.runOnEdits) return;

    const call = new CallHistory(this.history, trigger, args.event, this.hasScript(trigger));
    const data = buildOutgoingPayload(trigger, args, { triggerWord: word || undefined, siteUrl: this.settings.get<string>('Site_Url') });
    if (!data) {
      await call.step({ step: 'mapped-args-to-data-failed', error: true, finished: true });
      return;
    }
    await call.step({ step: 'mapped-args-to-data', data, triggerWord: word || undefined });

    let request: PreparedRequest | undefined = {
      params: {},
      method: 'POST',
      url,
      data,
      auth: undefined,
      headers: { 'User-Agent': USER_AGENT },
    };
    if (this.hasScript(trigger)) {
      request = await this.runScript<PreparedRequest>(trigger, call, 'prepare_outgoing_request', { request }, request);
    }
    await call.step({ step: 'after-maybe-ran-prepare', ranPrepareScript: true });
    if (!request || typeof request !== 'object') {
      await call.step({ step: 'after-prepare-no-opts', finished: true });
      return;
    }
    if (request.message && typeof request.message === 'object') {
      const sent = await this.sendMessage(trigger, args.room, request.message, data);
      if (!sent) {
        await call.step({ step: 'after-prepare-send-message-failed', finished: true });
        return;
      }
      await call.step({ step: 'after-prepare-send-message', prepareSentMessage: sent });
    }
    if (!request.url || !request.method) {
      await call.step({ step: 'after-prepare-no-url_or_method', finished: true });
      return;
    }
    const headers: Record<string, string> = { ...(request.headers ?? {}) };
    if (request.auth) {
      if (!request.auth.includes(':')) {
        await call.step({ step: 'auth-option-invalid', error: true, finished: true });
        return;
      }
      headers.Authorization = `Basic ${Buffer.from(request.auth, 'ascii').toString('base64')}`;
    }
    await call.step({ step: 'pre-http-call', url: request.url, httpCallData: request.data });
    await call.flush();
    if (request.data !== undefined) headers['Content-Type'] = 'application/json';

    let response: OutgoingResponse;
    try {
      response = await outgoingCall({
        url: request.url,
        method: request.method,
        headers,
        body: request.data === undefined ? undefined : JSON.stringify(request.data),
        timeoutMs: this.settings.get<number>('Integrations_Outgoing_Timeout') ?? 10_000,
        allowPrivate: this.settings.get<boolean>('Integrations_Allow_Private_Addresses') === true,
      });
    } catch (error) {
      const refused = error instanceof AddressRefusedError;
      await call.step({
        step: 'after-http-call',
        httpError: error,
        httpResult: null,
        error: true,
        ...(refused && { finished: true }),
      });
      // A refused address stays refused; a network failure is retried as a failed call.
      if (!refused) await this.retryOrGiveUp(url, trigger, args, tries, call);
      return;
    }
    const { status, content } = response;
    const answer = parseAnswer(response);
    await call.step({ step: 'after-http-call', httpError: null, httpResult: content });

    if (this.hasScript(trigger)) {
      const processed = await this.runScript<{ content?: Record<string, unknown> } | false | undefined>(
        trigger,
        call,
        'process_outgoing_response',
        {
          request,
          response: { error: null, status_code: status, content: answer ?? content, content_raw: content, headers: response.headers },
        },
        undefined,
      );
      if (processed === false) {
        await call.step({ step: 'after-process-false-result', finished: true });
        return;
      }
      if (processed && typeof processed === 'object' && processed.content) {
        const sent = await this.sendMessage(trigger, args.room, processed.content, data);
        await call.step(
          sent
            ? { step: 'after-process-send-message', processSentMessage: sent, finished: true }
            : { step: 'after-process-send-message-failed', finished: true },
        );
        return;
      }
    }

    if (!content || !SUCCESS_STATUSES.includes(status)) {
      if (content && status === 410) {
        await call.step({ step: 'after-process-http-status-410', error: true, finished: true });
        this.logger.warn(`disabling outgoing webhook ${trigger._id}: ${url} answered 410 (Gone)`);
        await this.integrations.update(trigger._id, { enabled: false });
        this.events.publish(integrationsChangedEvent, trigger._id, { integrationId: trigger._id });
        return;
      }
      if (content && status === 500) {
        await call.step({ step: 'after-process-http-status-500', error: true, finished: true });
        return;
      }
      await this.retryOrGiveUp(url, trigger, args, tries, call);
      return;
    }
    if (answer && (answer.text || answer.attachments)) {
      const sent = await this.sendMessage(trigger, args.room, answer, data);
      await call.step(
        sent
          ? { step: 'url-response-sent-message', resultMessage: sent, finished: true }
          : { step: 'after-http-call-send-message-failed', finished: true },
      );
      return;
    }
    await call.step({ finished: true });
  }

  private async retryOrGiveUp(
    url: string,
    trigger: IOutgoingIntegration,
    args: TriggerArgs,
    tries: number,
    call: CallHistory,
  ): Promise<void> {
    if (!trigger.retryFailedCalls || !trigger.retryCount) {
      await call.step({ step: 'failed-and-not-configured-to-retry', error: true, finished: true });
      return;
    }
    if (tries >= trigger.retryCount) {
      await call.step({ step: 'too-many-retries', error: true, finished: true });
      return;
    }
    await call.step({ step: `going-to-retry-${tries + 1}`, error: true, finished: true });
    const timer = setTimeout(
      () => {
        this.retries.delete(timer);
        this.executeUrl(url, trigger, args, tries + 1).catch((error: unknown) =>
          this.logger.error(`outgoing webhook ${trigger._id} retry failed: ${String(error)}`),
        );
      },
      retryWait(trigger.retryDelay ?? 'powers-of-ten', tries),
    );
    this.retries.add(timer);
  }

  private hasScript(trigger: IOutgoingIntegration): boolean {
    return trigger.scriptEnabled === true && Boolean(trigger.scriptCompiled?.trim());
  }

  /** A script method's result; `fallback` when it has no such method; undefined (and a history step) when it failed. */
  private async runScript<T>(
    trigger: IOutgoingIntegration,
    call: CallHistory,
    method: string,
    params: unknown,
    fallback: T,
  ): Promise<T | undefined> {
    try {
      await call.step({ step: `execute-script-before-running-${method}` });
      const outcome = await this.sandbox.call(trigger.scriptCompiled!, method, params, {
        timeoutMs: this.settings.get<number>('Integrations_Script_Timeout') ?? 3000,
        memoryMb: this.settings.get<number>('Integrations_Script_Memory_Limit') ?? 32,
      });
      return outcome.missing ? fallback : (outcome.result as T);
    } catch (error) {
      await call.step({
        step: `execute-script-error-running-${method}`,
        error: true,
        errorStack: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      return undefined;
    }
  }

  /**
   * Rocket.Chat's `sendMessage` of the trigger handler: as the integration's user (or, with `impersonateUser`,
   * the author of the event), to the message's `channel`, the integration's `targetRoom`, or the event's room.
   */
  private async sendMessage(
    trigger: IOutgoingIntegration,
    room: IRoom | undefined,
    message: Record<string, unknown>,
    data: OutgoingPayload,
  ): Promise<WebhookResponse[] | undefined> {
    const impersonated =
      trigger.impersonateUser && typeof data.user_name === 'string' ? await this.users.findRoomUserByUsername(data.user_name) : null;
    const user = impersonated ?? (await this.users.findRoomUserByUsername(trigger.username));
    if (!user?.username) {
      this.logger.warn(`outgoing webhook ${trigger._id}: user ${trigger.username} does not exist`);
      return undefined;
    }
    const named = typeof message.channel === 'string' && message.channel ? message.channel : trigger.targetRoom;
    const destination = named ? (named.startsWith('#') || named.startsWith('@') ? named : `#${named}`) : room ? `#${room._id}` : undefined;
    if (!destination) return undefined;
    try {
      const { channel: _channel, roomId: _roomId, ...body } = message;
      return await this.poster.post(
        { _id: user._id, username: user.username },
        body,
        { channel: destination, alias: trigger.alias, avatar: trigger.avatar, emoji: trigger.emoji },
        trigger._id,
      );
    } catch (error) {
      this.logger.warn(`outgoing webhook ${trigger._id}: posting the answer failed: ${String(error)}`);
      return undefined;
    }
  }
}

/** A JSON answer (by its content type), or null. */
function parseAnswer(response: OutgoingResponse): Record<string, unknown> | null {
  const type = (response.headers['content-type'] ?? '').split(';')[0].trim();
  if (!JSON_TYPES.includes(type)) return null;
  try {
    const parsed = JSON.parse(response.content) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
