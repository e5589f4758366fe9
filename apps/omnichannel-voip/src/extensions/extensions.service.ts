import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type ExtensionState,
  type FreeSwitchExtension,
  type IRegistrationInfo,
  type IVoipExtensionDetails,
  type IVoipExtensionWithAgentInfo,
} from '@rc/contracts';
import { UsersRepository, type VoipAgent } from '@rc/models';
import { PermissionChecker } from '@rc/permissions';
import { SettingsCache } from '@rc/settings';
import { SignJWT } from 'jose';
import { PbxConnector, type Registration } from '../connector/pbx-connector.js';
import { queueMembers } from '../queues/agent-selection.js';
import { VoipCallsService } from '../calls/voip-calls.service.js';
import { SipCredentialsService } from './sip-credentials.service.js';

export const VOIP_PERMISSIONS = {
  callSettings: 'manage-voip-call-settings',
  contactCenterSettings: 'manage-voip-contact-center-settings',
  manageAssociation: 'manage-agent-extension-association',
  viewAssociation: 'view-agent-extension-association',
  inbound: 'inbound-voip-calls',
  manageExtensions: 'manage-voip-extensions',
  viewExtensionDetails: 'view-voip-extension-details',
  viewUserExtension: 'view-user-voip-extension',
} as const;

const notFound = (reason = 'Resource not found') => new DomainError(ErrorCode.NotFound, reason);

/**
 * Extensions ↔ agents (`users.extension`) and what the PBX knows of each extension. Kamailio keeps no list of
 * extensions (no subscriber database here): the extensions are those assigned to users plus those registered.
 * While the PBX is not connected every state is `unknown` (nothing stale is shown).
 */
@Injectable()
export class ExtensionsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly connector: PbxConnector,
    private readonly permissions: PermissionChecker,
    private readonly settings: SettingsCache,
    private readonly calls: VoipCallsService,
    private readonly credentials: SipCredentialsService,
  ) {}

  require(actor: Actor, permission: string): Promise<void> {
    return this.permissions.require(actor.userId, permission);
  }

  /** Registrations, or none known while the PBX is away (states then read `unknown`). */
  async registrations(): Promise<Map<string, Registration> | undefined> {
    if (!this.connector.isConnected()) return undefined;
    return this.connector.registrations().catch(() => undefined);
  }

  private stateOf(extension: string, registrations: Map<string, Registration> | undefined): ExtensionState {
    if (!registrations) return 'unknown';
    return registrations.has(extension) ? 'registered' : 'unregistered';
  }

  /** Every extension: assigned ones and registered ones, sorted. */
  async list(): Promise<Array<{ extension: string; state: ExtensionState; agent?: VoipAgent; registration?: Registration }>> {
    const [assigned, registrations] = await Promise.all([this.users.findWithExtensions(), this.registrations()]);
    const byExtension = new Map(assigned.map((agent) => [agent.extension!, agent]));
    const all = new Set([...byExtension.keys(), ...(registrations?.keys() ?? [])]);
    return [...all]
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .map((extension) => ({
        extension,
        state: this.stateOf(extension, registrations),
        agent: byExtension.get(extension),
        registration: registrations?.get(extension),
      }));
  }

  async listWithAgents(): Promise<IVoipExtensionWithAgentInfo[]> {
    const queues = this.calls.queues();
    const [list, assigned] = await Promise.all([this.list(), this.users.findWithExtensions()]);
    return list.map(({ extension, state, agent }) => ({
      extension,
      state,
      queues: queues.filter((queue) => queueMembers(queue, assigned).some((member) => member.extension === extension)).map((q) => q.name),
      ...(agent && { userId: agent._id, username: agent.username, ...(agent.name && { name: agent.name }) }),
    }));
  }

  async details(extension: string): Promise<IVoipExtensionDetails> {
    const registrations = await this.registrations();
    const registration = registrations?.get(extension);
    const holder = await this.users.findByExtension(extension);
    if (!registration && !holder) throw notFound('Extension not found');
    return {
      extension,
      state: this.stateOf(extension, registrations),
      contacts: registration?.contacts ?? [],
      ...(registration?.expires !== undefined && { expires: registration.expires }),
      ...(registration?.transport && { transport: registration.transport }),
      ...(registration?.userAgent && { userAgent: registration.userAgent }),
    };
  }

  /**
   * Rocket.Chat's `IRegistrationInfo`, as a JWT (`{result}`) when `VoIP_JWT_Secret` is set. The SIP password is
   * the extension's holder's alone: anybody else (an administrator too) reads an empty one.
   */
  async registrationInfo(extension: string, viewerId: string): Promise<IRegistrationInfo | { result: string }> {
    const registrations = await this.registrations();
    const websocketPath = this.settings.get<string>('VoIP_Server_Websocket_Path');
    let host: string;
    try {
      host = websocketPath ? new URL(websocketPath).hostname : '';
    } catch {
      host = '';
    }
    const info: IRegistrationInfo = {
      host,
      callServerConfig: { websocketPath, name: this.settings.get<string>('VoIP_Server_Name') },
      extensionDetails: {
        extension,
        password: (await this.credentials.passwordFor(extension, viewerId)) ?? '',
        authtype: 'digest',
        state: this.stateOf(extension, registrations),
      },
    };
    const secret = this.settings.get<string>('VoIP_JWT_Secret');
    if (!secret) return info;
    const result = await new SignJWT({ context: info })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
    return { result };
  }

  /** `omnichannel/agent/extension`: the user must be an agent; an extension held by someone else is refused. */
  async assignToAgent(selector: { userId?: string; username?: string }, extension: string): Promise<void> {
    if (!selector.userId && !selector.username) throw new DomainError(ErrorCode.InvalidParams, 'userId or username is required');
    const agent = selector.userId
      ? await this.users.findVoipAgentById(selector.userId)
      : await this.users.findVoipAgentByUsername(selector.username!);
    if (!agent) throw notFound('User not found or does not have livechat-agent role');
    await this.set(agent, extension, `extension already in use ${extension}`);
  }

  async unassign(username: string, { agentOnly }: { agentOnly: boolean }): Promise<void> {
    const user = agentOnly ? await this.users.findVoipAgentByUsername(username) : await this.users.findVoipUserByUsername(username);
    if (!user) throw notFound();
    if (user.extension) await this.release(user._id, user.extension);
  }

  async agentExtension(username: string): Promise<{ _id: string; username: string; extension: string }> {
    const user = await this.users.findVoipAgentByUsername(username);
    if (!user) throw notFound('User not found');
    if (!user.extension) throw notFound('Extension not found');
    return { _id: user._id, username: user.username, extension: user.extension };
  }

  async byType(type: 'free' | 'allocated' | 'available', selector: { userId?: string; username?: string }): Promise<string[]> {
    const list = await this.list();
    if (type === 'allocated') return list.filter((e) => e.agent).map((e) => e.extension);
    const free = list.filter((e) => !e.agent).map((e) => e.extension);
    if (type === 'free') return free;
    const user = selector.userId
      ? await this.users.findVoipAgentById(selector.userId)
      : selector.username
        ? await this.users.findVoipAgentByUsername(selector.username)
        : null;
    return user?.extension ? [user.extension, ...free] : free;
  }

  // ---- Rocket.Chat 7's FreeSWITCH-era routes over the same extensions ----

  toFreeSwitch(entry: { extension: string; state: ExtensionState; agent?: VoipAgent; registration?: Registration }): FreeSwitchExtension {
    const status = entry.state === 'registered' ? 'REGISTERED' : entry.state === 'unregistered' ? 'UNREGISTERED' : 'UNKNOWN';
    return {
      extension: entry.extension,
      context: 'default',
      domain: this.settings.get<string>('VoIP_Management_Server_Host'),
      groups: this.calls
        .queues()
        .filter((queue) => !queue.members || queue.members.includes(entry.extension))
        .map((queue) => queue.name),
      status,
      ...(entry.registration?.contacts[0] && { contact: entry.registration.contacts[0] }),
      callerName: entry.agent?.name ?? entry.agent?.username ?? entry.extension,
      callerNumber: entry.extension,
    };
  }

  async fsList(type: 'all' | 'free' | 'allocated' | 'available', username?: string): Promise<FreeSwitchExtension[]> {
    const list = await this.list();
    const current = username ? (await this.users.findVoipUserByUsername(username))?.extension : undefined;
    const chosen = list.filter((entry) => {
      if (type === 'free') return !entry.agent;
      if (type === 'allocated') return !!entry.agent;
      if (type === 'available') return !entry.agent || entry.extension === current;
      return true;
    });
    return chosen.map((entry) => this.toFreeSwitch(entry));
  }

  async fsDetails(extension: string): Promise<FreeSwitchExtension & { userId?: string; username?: string; name?: string }> {
    const entry = (await this.list()).find((e) => e.extension === extension);
    if (!entry) throw notFound();
    return {
      ...this.toFreeSwitch(entry),
      ...(entry.agent && { userId: entry.agent._id, username: entry.agent.username, ...(entry.agent.name && { name: entry.agent.name }) }),
    };
  }

  /** `voip-freeswitch.extension.assign`: any user (not only agents); no extension unassigns. */
  async fsAssign(username: string, extension?: string): Promise<void> {
    const user = await this.users.findVoipUserByUsername(username);
    if (!user) throw notFound();
    if (!extension) {
      if (user.extension) await this.release(user._id, user.extension);
      return;
    }
    if (user.extension === extension) return;
    await this.set(user, extension, 'Extension not available.');
  }

  /** Rocket.Chat 7's registration info; the password only when `viewerId` is the user asked about. */
  async fsRegistrationInfo(
    userId: string,
    viewerId: string,
  ): Promise<{ extension: FreeSwitchExtension; credentials: { password: string; websocketPath: string } }> {
    const user = await this.users.findVoipUserById(userId);
    if (!user) throw new DomainError(ErrorCode.UserNotFound, 'User not found.');
    if (!user.extension) throw new DomainError(ErrorCode.ExtensionNotAssigned, 'Extension not assigned.');
    const registrations = await this.registrations();
    const extension = this.toFreeSwitch({
      extension: user.extension,
      state: this.stateOf(user.extension, registrations),
      agent: user,
      registration: registrations?.get(user.extension),
    });
    const password = userId === viewerId ? ((await this.credentials.passwordFor(user.extension, viewerId)) ?? '') : '';
    return { extension, credentials: { password, websocketPath: this.settings.get<string>('VoIP_Server_Websocket_Path') } };
  }

  private async set(user: VoipAgent, extension: string, takenMessage: string): Promise<void> {
    if ((await this.users.setExtension(user._id, extension)) === 'taken') {
      throw new DomainError(ErrorCode.ExtensionNotAvailable, takenMessage);
    }
    if (user.extension && user.extension !== extension) await this.credentials.unassigned(user.extension);
    await this.credentials.assigned(extension, user._id);
  }

  /** The user gives the extension up: its credentials and registrations with it. */
  private async release(userId: string, extension: string): Promise<void> {
    await this.users.unsetExtension(userId);
    await this.credentials.unassigned(extension);
  }
}
