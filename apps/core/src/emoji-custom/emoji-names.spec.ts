import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@rc/contracts';
import { emojiNames } from './emoji-names.js';

const refusal = (name: string, aliases = '') => {
  try {
    emojiNames(name, aliases);
  } catch (error) {
    return { error: (error as DomainError).code, details: (error as DomainError).details };
  }
  throw new Error('accepted');
};

describe('emojiNames', () => {
  it('strips colons, slugs the name, splits and slugs aliases, drops an alias equal to the name', () => {
    expect(emojiNames(':Party Parrot:', ' Parrot , :pp:, party_parrot,pp ')).toEqual({ name: 'party_parrot', aliases: ['parrot', 'pp'] });
    expect(emojiNames('çà_va', '')).toEqual({ name: 'çà_va', aliases: [] });
  });

  it("refuses an empty name and Rocket.Chat's forbidden characters, naming the field", () => {
    expect(refusal('  ')).toMatchObject({ error: 'error-the-field-is-required', details: { field: 'Name' } });
    expect(refusal(':::')).toMatchObject({ error: 'error-input-is-not-a-valid-field', details: { field: 'Name' } });
    for (const bad of ['a,b', 'a/b', 'a<b', 'a"b', "a'b", 'a(b)', 'a\\b', 'a&b']) {
      expect(refusal(bad)).toMatchObject({ error: 'error-input-is-not-a-valid-field', details: { field: 'Name' } });
    }
    for (const bad of ['x|y', 'x<y', 'x/y']) {
      expect(refusal('fine', bad)).toMatchObject({ error: 'error-input-is-not-a-valid-field', details: { field: 'Alias_Set' } });
    }
  });
});
