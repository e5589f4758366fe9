import { Injectable } from '@nestjs/common';
import { AuthorizationChange, authorizationChangedEvent, type IPermission, type IRole, type ISubscription } from '@rc/contracts';
import { EventBus } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';

/**
 * Announces a change of roles or permissions, after it is written: to the other authorization instances
 * (so their permission tables reload and their user-roles caches forget) and to clients (Rocket.Chat's
 * `permissions-changed`, `roles`, `roles-change` on stream-notify-logged, and the changed subscription of a
 * room role). Each resolves once NATS has the announcement, so that a request made after the change was
 * acknowledged reaches every instance after it.
 */
@Injectable()
export class AuthorizationChanges {
  constructor(
    private readonly events: EventBus,
    private readonly realtime: RealtimePublisher,
  ) {}

  async permissionsChanged(permissions: IPermission[]): Promise<void> {
    if (permissions.length === 0) return;
    this.events.publish(authorizationChangedEvent, AuthorizationChange.permissions, {});
    for (const permission of permissions) this.realtime.permissionChanged('updated', permission);
    await this.events.flush();
  }

  async roleChanged(action: 'changed' | 'removed', role: IRole): Promise<void> {
    this.events.publish(authorizationChangedEvent, AuthorizationChange.roles, { roleId: role._id });
    this.realtime.roleChanged(action, role);
    await this.events.flush();
  }

  async userRoleChanged(
    type: 'added' | 'removed',
    roleId: string,
    user: { _id: string; username?: string },
    room?: { subscription: ISubscription },
  ): Promise<void> {
    this.events.publish(authorizationChangedEvent, AuthorizationChange.user, { userId: user._id, roleId });
    this.realtime.userRoleChanged(type, roleId, user, room?.subscription.rid);
    if (room) this.realtime.subscriptionChanged('updated', room.subscription);
    await this.events.flush();
  }

  /** A user's global roles replaced (users.update): one announcement, Rocket.Chat's `roles-change` per role. */
  async userRolesReplaced(user: { _id: string; username?: string }, added: string[], removed: string[]): Promise<void> {
    this.events.publish(authorizationChangedEvent, AuthorizationChange.user, { userId: user._id });
    for (const role of added) this.realtime.userRoleChanged('added', role, user);
    for (const role of removed) this.realtime.userRoleChanged('removed', role, user);
    await this.events.flush();
  }
}
