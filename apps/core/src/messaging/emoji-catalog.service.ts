import { Injectable } from '@nestjs/common';
import { EmojiCustomRepository } from '@rc/models';
import { createRequire } from 'node:module';

/** emoji-toolkit (JoyPixels, the set Rocket.Chat's `emoji-emojione` package is built on) ships CommonJS without types. */
const toolkit = createRequire(import.meta.url)('emoji-toolkit') as { emojiList: Record<string, { shortnames: string[] }> };

/**
 * Rocket.Chat's `emoji.list`: every JoyPixels shortname with its alternates (`:thumbsup:`, `:+1:`, …), plus the
 * spellings Rocket.Chat adds by hand (`getEmojiConfig`).
 */
const STANDARD = new Set([
  ...Object.entries(toolkit.emojiList).flatMap(([shortname, emoji]) => [shortname, ...emoji.shortnames]),
  ...[':tm:', ':copyright:', ':registered:', ':pound_symbol:', ':asterisk_symbol:'],
  ...['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'].map((digit) => `:digit_${digit}:`),
]);

/** Whether a name is a standard emoji shortname (with or without its colons). */
export function isStandardEmoji(name: string): boolean {
  return STANDARD.has(`:${name.replace(/:/g, '')}:`);
}

/** The emoji a reaction may name: Rocket.Chat's list, or a custom emoji by name or alias (`executeSetReaction`). */
@Injectable()
export class EmojiCatalog {
  constructor(private readonly custom: EmojiCustomRepository) {}

  async knows(name: string): Promise<boolean> {
    return isStandardEmoji(name) || (await this.custom.findByNameOrAlias(name.replace(/:/g, ''))) !== null;
  }
}
