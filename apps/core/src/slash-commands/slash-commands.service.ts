import { Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type IRoom,
  type SlashCommandInfo,
  type SlashCommandPreviewItem,
  type SlashCommandPreviews,
} from '@rc/contracts';
import { MessagesRepository, RoomsRepository } from '@rc/models';
import { AccessService } from '../common/access.service.js';
import { EphemeralMessages } from '../common/ephemeral-messages.js';
import { commandInfo, SlashCommandRegistry, type SlashCommand, type SlashCommandContext } from './slash-command.registry.js';
import { PageSize } from '@rc/settings';

export interface CommandCall {
  command: string;
  params: string;
  roomId: string;
  tmid?: string;
  triggerId?: string;
}

type InfoKey = keyof SlashCommandInfo;

const unknownCommand = () => new DomainError(ErrorCode.InvalidCommand, 'The command provided does not exist (or is disabled).');

/**
 * Rocket.Chat's `commands.*` routes and `slashCommand` methods over the registry. A command runs only in a room
 * the caller can access (and in a thread of that room), with one of its permissions there; refusals and
 * failures of the command itself reach the caller as an ephemeral message, as Rocket.Chat's built-ins answer.
 */
@Injectable()
export class SlashCommandsService {
  private readonly logger = new Logger(SlashCommandsService.name);

  constructor(
    private readonly pageSize: PageSize,
    private readonly registry: SlashCommandRegistry,
    private readonly access: AccessService,
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
    private readonly ephemeral: EphemeralMessages,
  ) {}

  list(request: {
    offset: number;
    count?: number;
    sort?: Partial<Record<InfoKey, 1 | -1>>;
    query?: { command?: string; appId?: string };
    fields?: Partial<Record<InfoKey, 0 | 1>>;
  }) {
    let commands = this.registry.list().map(commandInfo);
    const { command, appId } = request.query ?? {};
    if (command !== undefined) commands = commands.filter((c) => c.command === command);
    if (appId !== undefined) commands = commands.filter((c) => c.appId === appId);
    const sort = request.sort && Object.keys(request.sort).length > 0 ? request.sort : { command: 1 as const };
    commands.sort((a, b) => {
      for (const [key, direction] of Object.entries(sort) as Array<[InfoKey, 1 | -1]>) {
        const [x, y] = [String(a[key] ?? ''), String(b[key] ?? '')];
        if (x !== y) return x < y ? -direction : direction;
      }
      return 0;
    });
    const total = commands.length;
    const page = commands.slice(request.offset, request.offset + this.pageSize.count(request.count));
    return {
      commands: page.map((c) => project(c, request.fields)),
      appsLoaded: true as const,
      offset: request.offset,
      count: page.length,
      total,
    };
  }

  get(name: string): { command: SlashCommandInfo } {
    const command = this.registry.get(name);
    if (!command) throw new DomainError(ErrorCode.InvalidCommand, `There is no command in the system by the name of: ${name}`);
    return { command: commandInfo(command) };
  }

  async run(actor: Actor, call: CommandCall): Promise<{ result?: unknown }> {
    const { command, context } = await this.prepare(actor, call);
    if (command.clientOnly) return {};
    if (!(await this.permitted(actor, command, context.room))) {
      context.reply(`You do not have permission to use /${command.command} here.`);
      return {};
    }
    try {
      const result = await command.run(context);
      return result === undefined ? {} : { result };
    } catch (error) {
      this.answerFailure(context, error);
      return {};
    }
  }

  async previews(actor: Actor, call: CommandCall): Promise<{ preview?: SlashCommandPreviews }> {
    const { command, context } = await this.prepare(actor, call);
    if (!command.providesPreview || !command.previews || !(await this.permitted(actor, command, context.room))) return {};
    const preview = await command.previews(context);
    return preview ? { preview } : {};
  }

  async executePreview(actor: Actor, call: CommandCall, item: SlashCommandPreviewItem): Promise<{ ok: true }> {
    const { command, context } = await this.prepare(actor, call);
    if (!command.providesPreview || !command.executePreview) {
      throw new DomainError(ErrorCode.InvalidCommandPreview, 'Command does not provide previews');
    }
    if (!(await this.permitted(actor, command, context.room))) throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    await command.executePreview(context, item);
    return { ok: true };
  }

  /** The command, the room (accessible to the caller) and the thread (of that room). */
  private async prepare(actor: Actor, call: CommandCall): Promise<{ command: SlashCommand; context: SlashCommandContext }> {
    const command = this.registry.get(call.command);
    if (!command) throw unknownCommand();
    const room = await this.rooms.findById(call.roomId);
    if (!room || !(await this.access.canAccessRoom(actor.userId, room._id))) {
      throw new DomainError(ErrorCode.Unauthorized, 'User does not have access to this room');
    }
    if (call.tmid !== undefined) {
      const thread = await this.messages.findById(call.tmid);
      if (!thread || thread.rid !== room._id) throw new DomainError(ErrorCode.InvalidParams, 'Invalid thread.');
    }
    const context: SlashCommandContext = {
      actor,
      command: command.command,
      params: call.params.trim(),
      room,
      tmid: call.tmid,
      triggerId: call.triggerId,
      reply: (text) => this.ephemeral.send(actor.userId, room._id, text, { tmid: call.tmid }),
    };
    return { command, context };
  }

  private async permitted(actor: Actor, command: SlashCommand, room: IRoom): Promise<boolean> {
    if (command.permission === undefined) return true;
    const permissions = Array.isArray(command.permission) ? command.permission : [command.permission];
    return permissions.length === 0 || this.access.hasPermission(actor.userId, permissions, room._id, 'any');
  }

  /** A refusal (a DomainError: its reason, as Rocket.Chat words it) or an unexpected failure, to the caller alone. */
  private answerFailure(context: SlashCommandContext, error: unknown): void {
    if (error instanceof DomainError) {
      context.reply(error.reason);
      return;
    }
    this.logger.error({ err: error, command: context.command }, 'slash command failed');
    context.reply(`/${context.command} failed.`);
  }
}

/** Rocket.Chat's `fields` on a listed command: only the fields given 1, or all but those given 0. */
function project(command: SlashCommandInfo, fields?: Partial<Record<InfoKey, 0 | 1>>): Partial<SlashCommandInfo> {
  if (!fields || Object.keys(fields).length === 0) return command;
  const entries = Object.entries(fields) as Array<[InfoKey, 0 | 1]>;
  const included = entries.filter(([, v]) => v === 1).map(([k]) => k);
  if (included.length > 0) {
    return Object.fromEntries(Object.entries(command).filter(([k]) => included.includes(k as InfoKey)));
  }
  const excluded = entries.map(([k]) => k);
  return Object.fromEntries(Object.entries(command).filter(([k]) => !excluded.includes(k as InfoKey)));
}
