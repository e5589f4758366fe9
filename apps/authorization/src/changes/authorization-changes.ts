import { Injectable } from '@nestjs/common';
import { AuthorizationChange, authorizationChangedEvent, type IPermission, type IRole, type ISubscription } from '@rc/contracts';
import { EventBus } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';

/**
 * Announces a change of roles or permissions, after it is written: to the other authorization instances
 * (so their permission tables reload) and to clients (Rocket.Chat's `permissions-changed`, `roles`,
 * `roles-change` on stream-notify-logged, and the changed subscription of a room role).
 */
@Injectable()
export class AuthorizationChanges {
  constructor(
    private readonly events: EventBus,
    private readonly realtime: RealtimePublisher,
  ) {}

  permissionsChanged(permissions: IPermission[]): void {
    if (permissions.length === 0) return;
    this.events.publish(authorizationChangedEvent, AuthorizationChange.permissions, {});
    for (const permission of permissions) this.realtime.permissionChanged('updated', permission);
  }

  roleChanged(action: 'changed' | 'removed', role: IRole): void {
    this.events.publish(authorizationChangedEvent, AuthorizationChange.roles, { roleId: role._id });
    this.realtime.roleChanged(action, role);
  }

  userRoleChanged(
    type: 'added' | 'removed',
    roleId: string,
    user: { _id: string; username?: string },
    room?: { subscription: ISubscription },
  ): void {
    this.events.publish(authorizationChangedEvent, AuthorizationChange.user, { userId: user._id, roleId });
    this.realtime.userRoleChanged(type, roleId, user, room?.subscription.rid);
    if (room) this.realtime.subscriptionChanged('updated', room.subscription);
  }
}
