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
} from '@rc/contracts';
import { UserPresenceRepository, UsersSessionsRepository, type PresenceFields, type UserSessionConnection } from '@rc/models';
import { RpcClient } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';
import { connectionStatusOf, normalizeStatusText, visibleStatusOf } from './presence-engine.js';

type StatusChoice = Partial<Pick<IUser, 'statusDefault' | 'statusText'>>;
type Target = RpcParsedRequest<typeof presenceSetStatus>['target'];

/** Attempts at writing a status computed from connections that did not change meanwhile. */
const MAX_ATTEMPTS = 5;

const sameConnections = (a: readonly UserSessionConnection[], b: readonly UserSessionConnection[]) =>
  a.length === b.length && a.every((c, i) => c.id === b[i].id && c.status === b[i].status);

/**
 * A user's status: computed from their open connections and the status they chose, written to the user
 * (`status`, `statusConnection`, `statusDefault`, `statusText`) and announced when what others see changed.
 */
@Injectable()
export class PresenceService {
  constructor(
    private readonly users: UserPresenceRepository,
    private readonly sessions: UsersSessionsRepository,
    private readonly realtime: RealtimePublisher,
    private readonly rpc: RpcClient,
  ) {}

  /**
   * Recomputes a user's status from their connections. Two presence instances may recompute the same user
   * at once from different snapshots; a computation is kept only if the connections did not change while it
   * was written, otherwise it is redone, so the last write always reflects the last connections.
   */
  async refresh(userId: string, choice: StatusChoice = {}): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [user, session] = await Promise.all([this.users.findById(userId), this.sessions.findById(userId)]);
      if (!user) return;
      const connections = session?.connections ?? [];
      await this.write(user, connections, choice);
      const after = await this.sessions.findById(userId);
      if (sameConnections(connections, after?.connections ?? [])) return;
    }
  }

  /** `setUserStatus`, `UserPresence:setDefaultStatus`, `users.setStatus`. */
  async setStatus({ actorId, target, status, statusText }: RpcParsedRequest<typeof presenceSetStatus>): Promise<void> {
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

  private async write(user: PresenceFields, connections: readonly UserSessionConnection[], choice: StatusChoice) {
    const statusConnection = connectionStatusOf(connections.map((c) => c.status));
    const statusDefault = choice.statusDefault ?? user.statusDefault ?? 'online';
    const status = visibleStatusOf(statusConnection, statusDefault);
    const updated = await this.users.updatePresence(user._id, { status, statusConnection, ...choice });
    if (!updated) return;
    if (updated.status !== user.status || (updated.statusText ?? '') !== (user.statusText ?? '')) {
      this.realtime.userStatusChanged(updated);
    }
  }

  /** The caller themselves, or the user they name (which needs `permission` when given). */
  private async resolveTarget(actorId: string, target: Target, permission?: string): Promise<PresenceFields> {
    const user =
      !target || ('userId' in target && target.userId === actorId)
        ? await this.users.findById(actorId)
        : 'userId' in target
          ? await this.users.findById(target.userId)
          : await this.users.findByUsername(target.username);
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
