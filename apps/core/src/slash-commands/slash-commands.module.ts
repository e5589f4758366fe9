import { Module } from '@nestjs/common';
import { CommonModule } from '../common/common.module.js';
import { BuiltinSlashCommands } from './builtin-commands.js';
import { SlashCommandRegistry } from './slash-command.registry.js';
import { SlashCommandsController } from './slash-commands.controller.js';
import { SlashCommandsService } from './slash-commands.service.js';

/** Slash commands: the registry, Rocket.Chat's built-ins, and the `commands.*` routes and methods. */
@Module({
  imports: [CommonModule],
  controllers: [SlashCommandsController],
  providers: [SlashCommandRegistry, SlashCommandsService, BuiltinSlashCommands],
  exports: [SlashCommandRegistry],
})
export class SlashCommandsModule {}
