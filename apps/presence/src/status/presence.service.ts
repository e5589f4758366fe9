import { Injectable } from '@nestjs/common';
import {
  authorizationHasPermission,
  DomainError,
  ErrorCode,
  type IUser,
  type PresenceUser,
  type RpcParsedRequest,
  type presenceGetStatus,
  type presenceSetStatus,
  type UserStatus,
  UserChange,
  userChangedEvent,
} from '@rc/contracts';
import { UsersRepository, UsersSessionsRepository, type PresenceFields, type UserSessionConnection } from '@rc/models';
import { EventBus, RpcClient } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import { mapLimit } from './map-limit.js';
import { connectionStatusOf, normalizeStatusText, visibleStatusOf } from './presence-engine.js';

type StatusChoice = Partial<Pick<IUser, 'statusDefault' | 'statusText'>>;
type Target = RpcParsedRequest<typeof presenceSetStatus>['target'];

/** Attempts at writing a status computed from connections that did not change meanwhile. */
const MAX_ATTEMPTS = 5;
/** Users read per query when many are recomputed together. */
const READ_CHUNK = 500;
/** Status writes in flight at once when many users are recomputed together. */
const WRITE_CONCURRENCY = 8;

const sameConnections = (a: readonly UserSessionConnection[], b: readonly UserSessionConnection[]) =>
  a.length === b.length && a.every((c, i) => c.id === b[i].id && c.status === b[i].status);

/**
 * A user's status: computed from their open connections and the status they chose, written to the user
 * (`status`, `statusConnection`, `statusDefault`, `statusText`) and announced when what others see changed.
 */
@Injectable()
export class PresenceService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: UsersSessionsRepository,
    private readonly realtime: RealtimePublisher,
    private readonly events: EventBus,
    private readonly rpc: RpcClient,
    private readonly settings?: SettingsCache,
  ) {}

  /**
   * Recomputes a user's status from their connections. Two presence instances may recompute the same user
   * at once from different snapshots; a computation is kept only if the connections did not change while it
   * was written, otherwise it is redone, so the last write always reflects the last connections.
   */
  async refresh(userId: string, choice: StatusChoice = {}): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [user, session] = await Promise.all([this.users.findPresenceById(userId), this.sessions.findById(userId)]);
      if (!user) return;
      const connections = session?.connections ?? [];
      // Nothing written, nothing to check: whoever changed the connections since recomputes them.
      if (!(await this.write(user, connections, choice))) return;
      const after = await this.sessions.findById(userId);
      if (sameConnections(connections, after?.connections ?? [])) return;
    }
  }

  /**
   * Recomputes many users' status at once (after a batch of connection changes): their users and
   * connections are read in two queries, only those whose status changed are written (a few at a time),
   * and one whose connections changed while it was written is recomputed again on its own, as `refresh` does.
   */
  async refreshMany(userIds: readonly string[]): Promise<void> {
    for (let start = 0; start < userIds.length; start += READ_CHUNK) {
      const ids = userIds.slice(start, start + READ_CHUNK);
      const [users, sessions] = await Promise.all([this.users.findPresenceByIds(ids), this.sessions.findByIds(ids)]);
      const connectionsOf = new Map(sessions.map((session) => [session._id, session.connections]));
      const wrote = await mapLimit(users, WRITE_CONCURRENCY, (user) => this.write(user, connectionsOf.get(user._id) ?? [], {}));
      const written = users.filter((_, i) => wrote[i]).map((user) => user._id);
      if (!written.length) continue;
      const after = new Map((await this.sessions.findByIds(written)).map((session) => [session._id, session.connections]));
      const moved = written.filter((id) => !sameConnections(connectionsOf.get(id) ?? [], after.get(id) ?? []));
      await mapLimit(moved, WRITE_CONCURRENCY, (id) => this.refresh(id));
    }
  }

  /** `setUserStatus`, `UserPresence:setDefaultStatus`, `users.setStatus`. */
  async setStatus({ actorId, target, status, statusText }: RpcParsedRequest<typeof presenceSetStatus>): Promise<void> {
    // Rocket.Chat's `Accounts_AllowUserStatusMessageChange`: no status message while it is off.
    if (statusText !== undefined && this.settings?.get<boolean>('Accounts_AllowUserStatusMessageChange') === false) {
      throw new DomainError(ErrorCode.NotAllowed, 'Change status is not allowed');
    }
    const user = await this.resolveTarget(actorId, target, 'edit-other-user-info');
    await this.refresh(user._id, {
      ...(status !== undefined && { statusDefault: status }),
      ...(statusText !== undefined && { statusText: normalizeStatusText(statusText) }),
    });
  }

  /** `users.getStatus`: the connection status is shown only to the user themselves. */
  async getStatus({ actorId, target }: RpcParsedRequest<typeof presenceGetStatus>) {
    const user = await this.resolveTarget(actorId, target);
    const status: UserStatus = user.status ?? 'offline';
    if (user._id !== actorId) return { _id: user._id, status };
    return { _id: user._id, status, connectionStatus: user.statusConnection ?? 'offline' };
  }

  /** `users.presence`: users not offline (those given, or everyone: `full`). */
  async listUsers(ids?: string[]): Promise<{ users: PresenceUser[]; full: boolean }> {
    return { users: await this.users.findNotOffline(ids), full: ids === undefined };
  }

  /**
   * Writes the status computed from `connections` when it differs from the stored one (an unchanged user
   * costs no write) and announces what others see when that changed. True when the user was written.
   */
  private async write(user: PresenceFields, connections: readonly UserSessionConnection[], choice: StatusChoice): Promise<boolean> {
    const statusConnection = connectionStatusOf(connections.map((c) => c.status));
    const statusDefault = choice.statusDefault ?? user.statusDefault ?? 'online';
    const status = visibleStatusOf(statusConnection, statusDefault);
    const values = { status, statusConnection, ...choice };
    if (Object.entries(values).every(([field, value]) => user[field as keyof typeof values] === value)) return false;
    if (!(await this.users.updatePresence(user._id, values))) return false;
    // Every write, not only those others see: core's desktop rules read the connection too (an invisible user's).
    this.events.publish(userChangedEvent, UserChange.presence, { userId: user._id });
    // The user as just read, with what was written: no second read per changed user.
    const updated = { ...user, ...values };
    if (updated.status !== user.status || (updated.statusText ?? '') !== (user.statusText ?? '')) {
      this.realtime.userStatusChanged(updated);
    }
    return true;
  }

  /** The caller themselves, or the user they name (which needs `permission` when given). */
  private async resolveTarget(actorId: string, target: Target, permission?: string): Promise<PresenceFields> {
    const user =
      !target || ('userId' in target && target.userId === actorId)
        ? await this.users.findPresenceById(actorId)
        : 'userId' in target
          ? await this.users.findPresenceById(target.userId)
          : await this.users.findPresenceByUsername(target.username);
    if (!user) {
      throw new DomainError(ErrorCode.InvalidUser, 'The required "userId" or "username" param provided does not match any users');
    }
    if (permission && user._id !== actorId) {
      const allowed = await this.rpc.request(authorizationHasPermission, { userId: actorId, permissions: [permission] });
      if (!allowed) throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    }
    return user;
  }
}
