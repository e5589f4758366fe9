/** Parsing of what users type after a command (`#channel`, `@username`, free text). */

/** `#general` → `general`; `general` too. Empty when nothing was typed. */
export function channelName(word: string | undefined): string {
  return (word ?? '').trim().replace(/^#/, '');
}

/** `@alice` → `alice`. */
export function username(word: string | undefined): string {
  return (word ?? '').trim().replace(/^@/, '');
}

/** The first word and the rest (`/msg @bob hello there` → `['@bob', 'hello there']`). */
export function firstWord(params: string): [string, string] {
  const trimmed = params.trim();
  const space = trimmed.search(/\s/);
  return space < 0 ? [trimmed, ''] : [trimmed.slice(0, space), trimmed.slice(space).trim()];
}

/** Every `@username` in the text (`/invite @a @b, @c`), without the `@`, each once. */
export function usernames(params: string): string[] {
  const names = params
    .split(/[\s,]+/)
    .map((word) => username(word))
    .filter(Boolean);
  return [...new Set(names)];
}

/** Rocket.Chat's ascii-art commands: where the art goes relative to the user's text. */
export const ASCII_ARTS: Record<string, { art: string; before: boolean; description: string; summary: string }> = {
  gimme: {
    art: '༼ つ ◕_◕ ༽つ',
    before: true,
    description: 'Slash_Gimme_Description',
    summary: 'Displays ༼ つ ◕_◕ ༽つ before your message',
  },
  lennyface: {
    art: '( ͡° ͜ʖ ͡°)',
    before: false,
    description: 'Slash_LennyFace_Description',
    summary: 'Displays ( ͡° ͜ʖ ͡°) after your message',
  },
  shrug: {
    art: '¯\\\\_(ツ)_/¯',
    before: false,
    description: 'Slash_Shrug_Description',
    summary: 'Displays ¯\\_(ツ)_/¯ after your message',
  },
  tableflip: { art: '(╯°□°）╯︵ ┻━┻', before: false, description: 'Slash_Tableflip_Description', summary: 'Displays (╯°□°）╯︵ ┻━┻' },
  unflip: { art: '┬─┬ ノ( ゜-゜ノ)', before: false, description: 'Slash_TableUnflip_Description', summary: 'Displays ┬─┬ ノ( ゜-゜ノ)' },
};

/** The message an ascii-art command sends: the art alone, or with the text on its side. */
export function withArt(name: string, text: string): string {
  const { art, before } = ASCII_ARTS[name];
  if (!text) return art;
  return before ? `${art} ${text}` : `${text} ${art}`;
}
