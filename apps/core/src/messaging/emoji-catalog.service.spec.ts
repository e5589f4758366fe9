import { describe, expect, it } from '@jest/globals';
import type { EmojiCustomRepository } from '@rc/models';
import { EmojiCatalog, isStandardEmoji } from './emoji-catalog.service.js';

describe('EmojiCatalog (Rocket.Chat emoji.list and custom emoji)', () => {
  it.each([':+1:', 'thumbsup', ':thumbs_up:', 'smile', ':flag_br:', 'tm', 'digit_zero', ':asterisk_symbol:'])('knows %s', (name) => {
    expect(isStandardEmoji(name)).toBe(true);
  });

  it.each(['', ':not-an-emoji:', 'smiley_face_with_a_typo', 'party_parrot'])('does not know %s', (name) => {
    expect(isStandardEmoji(name)).toBe(false);
  });

  it('knows a custom emoji by its name or alias, and nothing else', async () => {
    const customs = [{ name: 'party_parrot', aliases: ['parrot'] }];
    const repository = {
      findByNameOrAlias: (name: string) =>
        Promise.resolve(customs.find((emoji) => emoji.name === name || emoji.aliases.includes(name)) ?? null),
    };
    const catalog = new EmojiCatalog(repository as unknown as EmojiCustomRepository);
    expect(await catalog.knows(':party_parrot:')).toBe(true);
    expect(await catalog.knows('parrot')).toBe(true);
    expect(await catalog.knows(':smile:')).toBe(true);
    expect(await catalog.knows(':no_such_emoji:')).toBe(false);
  });
});
