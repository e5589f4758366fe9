import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  integrationsChangedEvent,
  integrationHistoryEvent,
  type Actor,
  type IIncomingIntegration,
  type IIntegration,
  type IIntegrationHistory,
  type IOutgoingIntegration,
  type IntegrationInput,
} from '@rc/contracts';
import {
  escapeRegExp,
  IntegrationHistoryRepository,
  IntegrationsRepository,
  randomId,
  RoomsRepository,
  SubscriptionsRepository,
  UsersRepository,
} from '@rc/models';
import { EventBus } from '@rc/platform';
import { AccessService } from '../common/access.service.js';
import {
  incomingChannels,
  isOutgoingEvent,
  OUTGOING_EVENT_USES,
  outgoingChannels,
  outgoingUrls,
  retryInformation,
} from './integration-rules.js';
import { ScriptSandbox } from './script-sandbox.js';
import { PageSize } from '@rc/settings';

type IncomingInput = Extract<IntegrationInput, { type: 'webhook-incoming' }>;
type OutgoingInput = Extract<IntegrationInput, { type: 'webhook-outgoing' }>;
type Kind = 'incoming' | 'outgoing';

const MANAGE = { incoming: 'manage-incoming-integrations', outgoing: 'manage-outgoing-integrations' } as const;
const MANAGE_OWN = { incoming: 'manage-own-incoming-integrations', outgoing: 'manage-own-outgoing-integrations' } as const;
const ALL_PERMISSIONS = [MANAGE.incoming, MANAGE_OWN.incoming, MANAGE.outgoing, MANAGE_OWN.outgoing];

const kindOf = (type: IIntegration['type']): Kind => (type === 'webhook-incoming' ? 'incoming' : 'outgoing');
const notAuthorized = () => new DomainError(ErrorCode.NotAuthorizedBare, 'Unauthorized');
const forbidden = () => new DomainError(ErrorCode.Unauthorized, 'unauthorized');
const invalidIntegration = (reason = 'Invalid integration') => new DomainError(ErrorCode.InvalidIntegration, reason);

/**
 * Rocket.Chat's integrations administration (`integrations.*`, `add/update/delete…Integration`,
 * `clearIntegrationHistory`): its validators, error ids and permissions. A holder of `manage-<kind>-integrations`
 * manages every integration of that kind; a holder of only `manage-own-<kind>-integrations` their own.
 */
@Injectable()
export class IntegrationsService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly integrations: IntegrationsRepository,
    private readonly history: IntegrationHistoryRepository,
    private readonly users: UsersRepository,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly access: AccessService,
    private readonly events: EventBus,
  ) {}

  async create(actor: Actor, input: IntegrationInput): Promise<IIntegration> {
    const kind = kindOf(input.type);
    if (!(await this.access.hasPermission(actor.userId, [MANAGE[kind], MANAGE_OWN[kind]], undefined, 'any'))) throw notAuthorized();
    const fields = input.type === 'webhook-incoming' ? await this.incomingFields(actor, input) : await this.outgoingFields(actor, input);
    const creator = await this.users.findRoomUserById(actor.userId);
    const now = new Date();
    const integration = await this.integrations.insert({
      ...fields,
      _id: randomId(),
      token:
        input.type === 'webhook-outgoing' && input.token?.trim()
          ? input.token.trim()
          : randomId(input.type === 'webhook-incoming' ? 48 : 24),
      _createdAt: now,
      _createdBy: creator?.username ? { _id: creator._id, username: creator.username } : null,
    });
    this.changed(integration._id);
    return integration;
  }

  async update(actor: Actor, target: { integrationId?: string; targetUrl?: string }, input: IntegrationInput): Promise<IIntegration> {
    const kind = kindOf(input.type);
    const existing =
      kind === 'outgoing' && target.targetUrl
        ? await this.integrations.findOne({ urls: target.targetUrl, type: 'webhook-outgoing' })
        : target.integrationId
          ? await this.integrations.findById(target.integrationId)
          : null;
    if (!existing || existing.type !== input.type) throw invalidIntegration();
    await this.assertManages(actor, existing);
    const fields = input.type === 'webhook-incoming' ? await this.incomingFields(actor, input) : await this.outgoingFields(actor, input);
    const unset = [
      ...(fields.scriptError ? ['scriptCompiled'] : []),
      ...(fields.scriptCompiled || !fields.scriptEnabled ? ['scriptError'] : []),
      ...(kind === 'outgoing' && !('triggerWords' in fields) ? ['triggerWords'] : []),
      ...(kind === 'outgoing' && !(fields as Partial<IOutgoingIntegration>).retryFailedCalls ? ['retryCount', 'retryDelay'] : []),
    ];
    const set: Record<string, unknown> = { ...fields, _updatedBy: { _id: actor.userId, username: actor.username } };
    if (input.type === 'webhook-outgoing' && input.token?.trim()) set.token = input.token.trim();
    for (const key of unset) delete set[key];
    const updated = await this.integrations.update(existing._id, set, unset);
    if (!updated) throw invalidIntegration();
    this.changed(updated._id);
    return updated;
  }

  async remove(actor: Actor, type: IIntegration['type'], target: { integrationId?: string; targetUrl?: string }): Promise<IIntegration> {
    if (!(await this.access.hasPermission(actor.userId, ALL_PERMISSIONS, undefined, 'any'))) throw forbidden();
    if (type === 'webhook-outgoing' && !target.integrationId && !target.targetUrl) {
      throw new DomainError(ErrorCode.InvalidParams, 'An integrationId or target_url needs to be provided.');
    }
    const existing =
      type === 'webhook-outgoing' && target.targetUrl
        ? await this.integrations.findOne({ urls: target.targetUrl, type })
        : target.integrationId
          ? await this.integrations.findById(target.integrationId)
          : null;
    if (!existing || existing.type !== type) throw invalidIntegration('No integration found.');
    await this.assertManages(actor, existing);
    await this.integrations.delete(existing._id);
    await this.history.removeByIntegration(existing._id);
    this.changed(existing._id);
    return existing;
  }

  async list(
    actor: Actor,
    filter: { offset: number; count?: number; name?: string; type?: IIntegration['type'] },
  ): Promise<{ integrations: IIntegration[]; offset: number; items: number; count: number; total: number }> {
    const scope = await this.visibleScope(actor);
    if (scope.length === 0) throw forbidden();
    const query = {
      $or: scope,
      ...(filter.name && { name: { $regex: escapeRegExp(filter.name), $options: 'i' } }),
      ...(filter.type && { type: filter.type }),
    };
    const count = this.pageSize.count(filter.count);
    const [integrations, total] = await Promise.all([this.integrations.page(query, filter.offset, count), this.integrations.count(query)]);
    return { integrations, offset: filter.offset, items: integrations.length, count: integrations.length, total };
  }

  async get(actor: Actor, integrationId: string, createdBy?: string): Promise<IIntegration> {
    const scope = await this.visibleScope(actor);
    if (scope.length === 0) throw forbidden();
    const integration = await this.integrations.findOne({
      $or: scope,
      _id: integrationId,
      ...(createdBy && { '_createdBy._id': createdBy }),
    });
    if (!integration) throw invalidIntegration('The integration does not exists.');
    return integration;
  }

  async historyPage(
    actor: Actor,
    integrationId: string,
    page: { offset: number; count?: number },
  ): Promise<{ history: IIntegrationHistory[]; offset: number; items: number; count: number; total: number }> {
    const all = await this.access.hasPermission(actor.userId, MANAGE.outgoing);
    if (!all && !(await this.access.hasPermission(actor.userId, MANAGE_OWN.outgoing))) throw forbidden();
    if (integrationId.trim() === '') throw new DomainError(ErrorCode.InvalidParams, 'Invalid integration id.');
    const query = { 'integration._id': integrationId, ...(!all && { 'integration._createdBy._id': actor.userId }) };
    const count = this.pageSize.count(page.count);
    const [history, total] = await Promise.all([this.history.page(query, page.offset, count), this.history.count(query)]);
    return { history, offset: page.offset, items: history.length, count: history.length, total };
  }

  async clearHistory(actor: Actor, integrationId: string): Promise<void> {
    const integration = await this.manageableOutgoing(actor, integrationId);
    await this.history.removeByIntegration(integration._id);
    this.events.publish(integrationHistoryEvent, integration._id, {
      createdBy: integration._createdBy?._id,
      change: { type: 'removed', id: integration._id },
    });
  }

  /** An outgoing integration the caller may manage (clearIntegrationHistory, replayOutgoingIntegration). */
  async manageableOutgoing(actor: Actor, integrationId: string): Promise<IOutgoingIntegration> {
    const all = await this.access.hasPermission(actor.userId, MANAGE.outgoing);
    if (!all && !(await this.access.hasPermission(actor.userId, MANAGE_OWN.outgoing))) throw notAuthorized();
    const integration = await this.integrations.findOne({ _id: integrationId, ...(!all && { '_createdBy._id': actor.userId }) });
    if (!integration) throw invalidIntegration();
    if (integration.type !== 'webhook-outgoing') {
      throw new DomainError(ErrorCode.IntegrationMustBeOutgoing, 'The integration type to replay must be an outgoing webhook.');
    }
    return integration;
  }

  // ── validation (Rocket.Chat's addIncomingIntegration / validateOutgoingIntegration) ───────────────────────

  private async incomingFields(
    actor: Actor,
    input: IncomingInput,
  ): Promise<Omit<IIncomingIntegration, '_id' | 'token' | '_createdAt' | '_createdBy' | '_updatedAt'>> {
    const channels = incomingChannels(input.channel);
    const user = await this.integrationUser(input.username, 'Invalid user');
    await this.assertChannelsAllowed(actor, channels, 'incoming');
    return {
      type: 'webhook-incoming',
      name: input.name,
      enabled: input.enabled,
      username: user.username,
      userId: user._id,
      channel: channels,
      ...optionalText(input),
      overrideDestinationChannelEnabled: input.overrideDestinationChannelEnabled ?? false,
      ...scriptFields(input),
    };
  }

  private async outgoingFields(
    actor: Actor,
    input: OutgoingInput,
  ): Promise<Omit<IOutgoingIntegration, '_id' | 'token' | '_createdAt' | '_createdBy' | '_updatedAt'>> {
    const event = input.event.trim();
    if (!isOutgoingEvent(event)) throw new DomainError(ErrorCode.InvalidEventType, 'Invalid event type');
    if (input.username.trim() === '') throw new DomainError(ErrorCode.InvalidUsername, 'Invalid username');
    const uses = OUTGOING_EVENT_USES[event];
    if (uses.targetRoom && !input.targetRoom?.trim()) throw new DomainError(ErrorCode.InvalidTargetRoom, 'Invalid Target Room');
    const urls = outgoingUrls(input.urls);
    const channels = outgoingChannels(event, input.channel?.trim() === '' ? undefined : input.channel);
    if (!uses.channel && !(await this.access.hasPermission(actor.userId, MANAGE.outgoing))) {
      throw new DomainError(ErrorCode.InvalidPermissions, 'Invalid permission for required Integration creation.');
    }
    const user = await this.integrationUser(input.username, 'Invalid user (did you delete the `rocket.cat` user?)');
    await this.assertChannelsAllowed(actor, channels, 'outgoing');
    const triggerWords = uses.triggerWords && input.triggerWords ? input.triggerWords.filter((word) => word.trim() !== '') : undefined;
    return {
      type: 'webhook-outgoing',
      name: input.name,
      enabled: input.enabled,
      event,
      username: user.username,
      userId: user._id,
      channel: channels,
      urls,
      ...(triggerWords && { triggerWords }),
      ...(input.triggerWordAnywhere !== undefined && { triggerWordAnywhere: input.triggerWordAnywhere }),
      ...(input.impersonateUser !== undefined && { impersonateUser: input.impersonateUser }),
      ...(input.targetRoom?.trim() && { targetRoom: input.targetRoom.trim() }),
      ...(input.runOnEdits !== undefined && { runOnEdits: input.runOnEdits === true }),
      ...retryInformation(input),
      ...optionalText(input),
      ...scriptFields(input),
    };
  }

  private async integrationUser(username: string, reason: string): Promise<{ _id: string; username: string }> {
    if (username.trim() === '') throw new DomainError(ErrorCode.InvalidUsername, 'Invalid username');
    const user = await this.users.findRoomUserByUsername(username.trim());
    if (!user?.username) throw new DomainError(ErrorCode.InvalidUser, reason);
    return { _id: user._id, username: user.username };
  }

  /**
   * Each named channel exists, and the caller is in it unless they hold both the `manage-` and `manage-own-`
   * permission of the kind (Rocket.Chat's `hasAllPermission`). Scopes other than `all_public_channels` need
   * `manage-outgoing-integrations`.
   */
  private async assertChannelsAllowed(actor: Actor, channels: string[], kind: Kind): Promise<void> {
    let bypass: boolean | undefined;
    for (const channel of channels) {
      const scope = channel.toLowerCase();
      if (kind === 'outgoing' && ['all_public_channels', 'all_private_groups', 'all_direct_messages'].includes(scope)) {
        if (scope !== 'all_public_channels' && !(await this.access.hasPermission(actor.userId, MANAGE.outgoing))) {
          throw new DomainError(ErrorCode.InvalidIntegrationChannel, 'Invalid Channel');
        }
        continue;
      }
      const value = channel.slice(1);
      const recordId =
        channel[0] === '#'
          ? (await this.rooms.findByIdOrName(value))?._id
          : ((await this.users.findRoomUserById(value)) ?? (await this.users.findRoomUserByUsername(value)))?._id;
      if (!recordId) throw new DomainError(ErrorCode.InvalidRoom, 'Invalid room');
      bypass ??= await this.access.hasPermission(actor.userId, [MANAGE[kind], MANAGE_OWN[kind]], undefined, 'all');
      if (!bypass && !(await this.subscriptions.findByRoomAndUser(recordId, actor.userId))) {
        throw new DomainError(ErrorCode.InvalidIntegrationChannel, 'Invalid Channel');
      }
    }
  }

  private async assertManages(actor: Actor, integration: IIntegration): Promise<void> {
    const kind = kindOf(integration.type);
    if (await this.access.hasPermission(actor.userId, MANAGE[kind])) return;
    if ((await this.access.hasPermission(actor.userId, MANAGE_OWN[kind])) && integration._createdBy?._id === actor.userId) return;
    throw notAuthorized();
  }

  /** The integrations the caller may see: per kind, all of them or their own (Rocket.Chat's `mountIntegrationQueryBasedOnPermissions`). */
  private async visibleScope(actor: Actor): Promise<Record<string, unknown>[]> {
    const scope: Record<string, unknown>[] = [];
    for (const kind of ['incoming', 'outgoing'] as const) {
      const type = kind === 'incoming' ? 'webhook-incoming' : 'webhook-outgoing';
      if (await this.access.hasPermission(actor.userId, MANAGE[kind])) scope.push({ type });
      else if (await this.access.hasPermission(actor.userId, MANAGE_OWN[kind])) scope.push({ type, '_createdBy._id': actor.userId });
    }
    return scope;
  }

  private changed(integrationId: string): void {
    this.events.publish(integrationsChangedEvent, integrationId, { integrationId });
  }
}

function optionalText(input: { alias?: string; avatar?: string; emoji?: string }) {
  return {
    ...(input.alias?.trim() && { alias: input.alias.trim() }),
    ...(input.avatar?.trim() && { avatar: input.avatar.trim() }),
    ...(input.emoji?.trim() && { emoji: input.emoji.trim() }),
  };
}

/** The script as it will run, or the syntax error that keeps it from running (Rocket.Chat's `scriptError`). */
function scriptFields(input: { scriptEnabled: boolean; script?: string }) {
  const script = input.script ?? '';
  const base = { scriptEnabled: input.scriptEnabled, scriptEngine: 'isolated-vm' as const, ...(input.script !== undefined && { script }) };
  if (!input.scriptEnabled || script.trim() === '') return base;
  const error = ScriptSandbox.check(script);
  return error ? { ...base, scriptError: error } : { ...base, scriptCompiled: script };
}
