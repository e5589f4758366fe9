import { DomainError, ErrorCode } from '@rc/contracts';

/** Rocket.Chat's rule: every character in a name except whitespace, comma, colon, `<>&"'/\()`. */
const INVALID_NAME = /[\s,:><&"'/\\()]/;
/** Aliases are a comma-separated list: the same rule without the comma and whitespace, and no `|`. */
const INVALID_ALIASES = /[:><&|"'/\\()]/;

/** Rocket.Chat slugs names (`limax`, `_` between words): lower case, whitespace runs as `_`. */
const slug = (value: string) => value.trim().toLowerCase().replace(/\s+/g, '_');

/**
 * A custom emoji's name and aliases as Rocket.Chat's `insertOrUpdateEmoji` takes them: colons silently
 * stripped (`:party:` is `party`), slugged, checked; aliases split on commas, an alias equal to the name dropped.
 */
export function emojiNames(rawName: string, rawAliases: string): { name: string; aliases: string[] } {
  if (!rawName.trim()) throw new DomainError(ErrorCode.FieldRequired, 'The field Name is required', { field: 'Name' });
  const name = slug(rawName.replace(/:/g, ''));
  if (!name || INVALID_NAME.test(name)) {
    throw new DomainError(ErrorCode.InvalidField, `${name} is not a valid name`, { input: name, field: 'Name' });
  }
  const aliasText = rawAliases.replace(/:/g, '');
  if (INVALID_ALIASES.test(aliasText)) {
    throw new DomainError(ErrorCode.InvalidField, `${aliasText} is not a valid alias set`, { input: aliasText, field: 'Alias_Set' });
  }
  const aliases = [
    ...new Set(
      aliasText
        .split(/\s*,\s*/)
        .map(slug)
        .filter((alias) => alias && alias !== name),
    ),
  ];
  return { name, aliases };
}
