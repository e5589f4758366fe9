import { Injectable } from '@nestjs/common';
import type { Actor, IRoom, SlashCommandInfo, SlashCommandPreviewItem, SlashCommandPreviews } from '@rc/contracts';

/** Where and by whom a command runs. */
export interface SlashCommandContext {
  readonly actor: Actor;
  /** The command's name as registered (lower case). */
  readonly command: string;
  /** Everything typed after the command's name, trimmed. */
  readonly params: string;
  /** The room the command was typed in (the caller can access it). */
  readonly room: IRoom;
  readonly tmid?: string;
  readonly triggerId?: string;
  /** Answers the caller alone: an ephemeral message in the room (stream-notify-user `<uid>/message`). */
  reply(text: string): void;
}

/** A command: what the clients list, and what the server does with it. */
export interface SlashCommand extends SlashCommandInfo {
  /** English text for `/help`. */
  readonly summary?: string;
  run(context: SlashCommandContext): Promise<unknown>;
  /** Previews for what was typed so far (commands with `providesPreview`). */
  previews?(context: SlashCommandContext): Promise<SlashCommandPreviews | undefined>;
  executePreview?(context: SlashCommandContext, item: SlashCommandPreviewItem): Promise<void>;
}

/**
 * Every slash command this server knows, by name (Rocket.Chat's `slashCommands.commands`). Core's built-ins
 * register at start-up; other features (and later the apps engine) add theirs with `register`.
 */
@Injectable()
export class SlashCommandRegistry {
  private readonly commands = new Map<string, SlashCommand>();

  /** Adds a command, or replaces the one of the same name (Rocket.Chat's `slashCommands.add`). */
  register(command: SlashCommand): void {
    this.commands.set(command.command.toLowerCase(), command);
  }

  unregister(name: string): void {
    this.commands.delete(name.toLowerCase());
  }

  get(name: string): SlashCommand | undefined {
    return this.commands.get(name.toLowerCase());
  }

  list(): SlashCommand[] {
    return [...this.commands.values()];
  }
}

/** What the clients see of a command: no callbacks, no server-side help text. */
export function commandInfo(command: SlashCommand): SlashCommandInfo {
  return {
    command: command.command,
    ...(command.params !== undefined && { params: command.params }),
    ...(command.description !== undefined && { description: command.description }),
    ...(command.permission !== undefined && { permission: command.permission }),
    clientOnly: command.clientOnly,
    providesPreview: command.providesPreview,
    ...(command.appId !== undefined && { appId: command.appId }),
  };
}
