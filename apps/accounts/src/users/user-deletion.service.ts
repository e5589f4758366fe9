import { Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  roomsRelinquishOwnerships,
  roomsRemoveUserEverywhere,
  type DeleteOwnAccountRequest,
  type Actor,
  type DeleteUserRequest,
  type IUser,
  type MessageErasure,
} from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { InjectConfig, RpcClient } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import type { AccountsConfig } from '../accounts.env.js';
import { Access, unauthorized } from '../common/access.js';
import { RoleChangeNotifier } from '../common/role-change-notifier.js';
import { SessionRevocation } from '../common/session-revocation.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { throttleKey } from '../auth/login.service.js';
import { passwordDigest } from '../auth/password.js';
import { UserAccounts } from './user-accounts.js';

/**
 * users.delete (`delete-user`) and users.deleteOwnAccount: the user leaves every room and their messages are
 * erased as configured (core), then the user document goes; every session ends with it, and logged-in clients
 * are told (`Users:Deleted`) what became of the messages. The last administrator cannot be deleted.
 */
@Injectable()
export class UserDeletionService {
  private readonly logger = new Logger(UserDeletionService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly access: Access,
    private readonly rpc: RpcClient,
    private readonly realtime: RealtimePublisher,
    private readonly roleChanges: RoleChangeNotifier,
    private readonly revocation: SessionRevocation,
    private readonly accounts: UserAccounts,
    private readonly throttle: LoginThrottle,
    @InjectConfig() private readonly config: AccountsConfig,
    private readonly settings: SettingsCache,
  ) {}

  async delete({ actor, userId, username, confirmRelinquish, checkedBy }: DeleteUserRequest): Promise<{ ok: true }> {
    const user = checkedBy === 'method' ? await this.methodTarget(actor, userId) : await this.routeTarget(actor, userId, username);
    // Deleted by someone else (an administrator): the user's clients are told before their sockets close.
    return this.erase(user, { forceLogout: true, confirmRelinquish: confirmRelinquish ?? false });
  }

  /** Rocket.Chat's users.delete: its own check (`API.v1.unauthorized()`), then `getUserFromParams`. */
  private async routeTarget(actor: Actor, userId?: string, username?: string): Promise<IUser> {
    if (!(await this.access.has(actor.userId, 'delete-user'))) throw unauthorized();
    if (!userId?.trim() && !username?.trim()) {
      throw new DomainError(ErrorCode.UserParamNotProvided, 'The required "userId" or "username" param was not provided');
    }
    const user = userId?.trim() ? await this.users.findById(userId) : await this.users.findByUsername(username!);
    if (!user) {
      throw new DomainError(ErrorCode.InvalidUser, 'The required "userId" or "username" param provided does not match any users');
    }
    return user;
  }

  /** Rocket.Chat's `deleteUser` method: its own refusals (`error-not-allowed`, `Invalid user to delete`). */
  private async methodTarget(actor: Actor, userId?: string): Promise<IUser> {
    if (!(await this.access.has(actor.userId, 'delete-user'))) {
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed', { method: 'deleteUser' });
    }
    const user = userId && (await this.users.findById(userId));
    if (!user) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user to delete', { method: 'deleteUser' });
    return user;
  }

  /**
   * Rocket.Chat's deleteUserOwnAccount: the password confirms it (a wrong one counts as a failed login, the
   * same lock-out); a user without a password confirms with the SHA-256 of their username, as in Rocket.Chat.
   */
  async deleteOwn({ actor, password, confirmRelinquish }: DeleteOwnAccountRequest): Promise<{ ok: true }> {
    if (!this.settings.get<boolean>('Accounts_AllowDeleteOwnAccount'))
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed', { method: 'deleteUserOwnAccount' });
    const user = await this.users.findById(actor.userId);
    if (!user) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user', { method: 'deleteUserOwnAccount' });
    if (user.services?.password?.bcrypt) {
      const identity = throttleKey({ username: user.username ?? '' });
      await this.throttle.beforeAttempt(identity);
      if (!(await this.accounts.passwordMatches(user, password))) {
        await this.throttle.failed(identity);
        throw new DomainError(ErrorCode.InvalidPassword, 'Invalid password', { method: 'deleteUserOwnAccount' });
      }
    } else if (!user.username || passwordDigest(user.username) !== password.trim().toLowerCase()) {
      throw new DomainError(ErrorCode.InvalidUsername, 'Invalid username', { method: 'deleteUserOwnAccount' });
    }
    // The user's own doing: their sockets just close (no force_logout), as Meteor does.
    return this.erase(user, { forceLogout: false, confirmRelinquish: confirmRelinquish ?? false });
  }

  /**
   * Rocket.Chat's `deleteUser`: never the last administrator; the rooms the user alone owns are handed over first
   * (core's `rooms.relinquishOwnerships`, as a deactivation does) — without `confirmRelinquish`, `user-last-owner`
   * and nothing changes.
   */
  private async erase(user: IUser, { forceLogout, confirmRelinquish }: { forceLogout: boolean; confirmRelinquish: boolean }) {
    if (user.roles?.includes('admin') && (await this.users.countWithRole('admin')) <= 1) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Leaving the app without admins is not allowed', {
        action: 'Remove_last_admin',
      });
    }
    await this.rpc.request(
      roomsRelinquishOwnerships,
      { userId: user._id, confirm: confirmRelinquish },
      { timeoutMs: this.config.CORE_CALL_TIMEOUT_MS },
    );
    const messages = await this.leaveEveryRoom(user._id);
    await this.revocation.revoke(user._id, () => this.users.deleteById(user._id), { everySession: true, forceLogout });
    await this.roleChanges.accessChanged(user._id);
    if (messages) this.realtime.userDeleted(user._id, messages);
    return { ok: true } as const;
  }

  /**
   * Core's refusal (a domain error, e.g. the user is the last owner of a room) stops the deletion; core not
   * answering does not: the user is deleted and the clean-up is logged as skipped. Returns what became of the
   * user's messages, when core says.
   */
  private async leaveEveryRoom(userId: string): Promise<MessageErasure | undefined> {
    try {
      const { messages } = await this.rpc.request(roomsRemoveUserEverywhere, { userId }, { timeoutMs: this.config.CORE_CALL_TIMEOUT_MS });
      return messages;
    } catch (error) {
      if (error instanceof DomainError && error.code !== ErrorCode.ServiceUnavailable && error.code !== ErrorCode.Internal) {
        throw error;
      }
      this.logger.warn(`deleting user ${userId} without leaving their rooms: core did not answer (${String(error)})`);
      return undefined;
    }
  }
}
