import { Module } from '@nestjs/common';
import { SlashCommandsModule } from '../slash-commands/slash-commands.module.js';
import { AppsLink } from './apps-link.service.js';

/** The apps-engine's commands and pre-send hooks, as core sees them. */
@Module({ imports: [SlashCommandsModule], providers: [AppsLink], exports: [AppsLink] })
export class AppsLinkModule {}
