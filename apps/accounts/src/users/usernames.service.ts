import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { SettingsCache } from '@rc/settings';
import { UserAccounts } from './user-accounts.js';

/** Rocket.Chat's `slug` of a name for a username: lower case, accents dropped, spaces as dots, other signs out. */
export function usernameSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/\s+/g, '.')
    .replace(/[^0-9a-z-_.]/g, '');
}

/**
 * Candidate usernames in Rocket.Chat's order (`generateUsernameSuggestion`): the name, then for each verified
 * e-mail address its local part and `<local part>.<domain>`.
 */
export function usernameCandidates(user: { name?: string; emails?: Array<{ address: string; verified?: boolean }> }): string[] {
  const candidates = [user.name ? usernameSlug(user.name) : ''];
  for (const email of user.emails ?? []) {
    if (!email.verified) continue;
    candidates.push(usernameSlug(email.address.replace(/@.+$/, '')), usernameSlug(email.address.replace(/(.+)@(\w+).+/, '$1.$2')));
  }
  return [...new Set(candidates.filter((candidate) => candidate.length > 0))];
}

/** At most this many numbered names are tried after the candidates (each is one indexed read). */
const NUMBERED_TRIES = 100;

/** Username availability and suggestions (Rocket.Chat's `checkUsernameAvailability`, `getUsernameSuggestion`). */
@Injectable()
export class UsernamesService {
  constructor(
    private readonly users: UsersRepository,
    private readonly accounts: UserAccounts,
    private readonly settings: SettingsCache,
  ) {}

  async checkAvailability(actor: Actor, username: string): Promise<boolean> {
    if (username.trim() === '') throw new DomainError(ErrorCode.InvalidUsername, 'Invalid username');
    const user = await this.users.findById(actor.userId);
    if (!user) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    if (user.username && !this.settings.get<boolean>('Accounts_AllowUsernameChange')) {
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    }
    if (user.username === username) return true;
    return this.accounts.usernameAvailable(username, user._id);
  }

  async suggest(actor: Actor): Promise<string> {
    const user = await this.users.findById(actor.userId);
    if (!user) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    const candidates = usernameCandidates(user);
    for (const candidate of candidates) {
      if (await this.accounts.usernameAvailable(candidate)) return candidate;
    }
    const base = candidates[0] ?? (this.settings.get<string>('Accounts_DefaultUsernamePrefixSuggestion') || 'user');
    for (let index = 0; index < NUMBERED_TRIES; index++) {
      const numbered = `${base}-${index}`;
      if (await this.accounts.usernameAvailable(numbered)) return numbered;
    }
    // Crowded names: a random suffix, free with overwhelming likelihood (checked all the same).
    for (;;) {
      const numbered = `${base}-${Math.floor(Math.random() * 1_000_000_000)}`;
      if (await this.accounts.usernameAvailable(numbered)) return numbered;
    }
  }
}
