import { describe, expect, it } from '@jest/globals';
import { usernameCandidates, usernameSlug } from './usernames.service.js';

describe('username suggestions (Rocket.Chat generateUsernameSuggestion)', () => {
  it('slugs a name: lower case, accents dropped, spaces as dots, other signs out', () => {
    expect(usernameSlug('  José  María O’Neil ')).toBe('jose.maria.oneil');
    expect(usernameSlug('Ünïcødé_x-1')).toBe('unicde_x-1');
  });

  it('tries the name, then each verified address: its local part, then local part and domain', () => {
    expect(
      usernameCandidates({
        name: 'Ada Lovelace',
        emails: [
          { address: 'ada@analytical.engine.org', verified: true },
          { address: 'countess@unverified.org', verified: false },
        ],
      }),
    ).toEqual(['ada.lovelace', 'ada', 'ada.analytical']);
    expect(usernameCandidates({})).toEqual([]);
  });
});
