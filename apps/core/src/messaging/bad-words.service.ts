import { Injectable } from '@nestjs/common';
import { SettingsCache } from '@rc/settings';
import { Filter } from 'bad-words';

/**
 * Rocket.Chat's bad words filter (`Message_AllowBadWordsFilter`): while on, each word of the library's list and of
 * `Message_BadWordsFilterList` (comma-separated, replacing nothing of the library's) in a message's text becomes
 * asterisks, minus `Message_BadWordsWhitelist`; applied before the text is parsed, on sending and on editing.
 */
@Injectable()
export class BadWordsService {
  private filter?: { key: string; filter: Filter };

  constructor(private readonly settings: SettingsCache) {}

  clean(msg: string): string {
    if (!msg || !this.settings.get<boolean>('Message_AllowBadWordsFilter')) return msg;
    try {
      return this.current().clean(msg);
    } catch {
      // Rocket.Chat keeps the text as it is when the library fails on it.
      return msg;
    }
  }

  private current(): Filter {
    const list = this.settings.get<string>('Message_BadWordsFilterList');
    const whitelist = this.settings.get<string>('Message_BadWordsWhitelist');
    const key = `${list}\n${whitelist}`;
    if (this.filter?.key !== key) {
      const words = (value: string) =>
        value
          .split(',')
          .map((word) => word.trim())
          .filter(Boolean);
      const filter = new Filter({ list: words(list) });
      const good = words(whitelist);
      if (good.length) filter.removeWords(...good);
      this.filter = { key, filter };
    }
    return this.filter.filter;
  }
}
