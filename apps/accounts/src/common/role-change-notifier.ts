import { Injectable } from '@nestjs/common';
import { AuthorizationChange, authorizationChangedEvent, type IUser } from '@rc/contracts';
import { EventBus } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';

/**
 * When accounts changes a user's global roles (users.create, users.update): the broadcast every
 * authorization instance listens to, and Rocket.Chat's `roles-change` for clients, one per role.
 */
@Injectable()
export class RoleChangeNotifier {
  constructor(
    private readonly events: EventBus,
    private readonly realtime: RealtimePublisher,
  ) {}

  rolesChanged(user: Pick<IUser, '_id' | 'username'>, before: readonly string[], after: readonly string[]): void {
    const added = after.filter((role) => !before.includes(role));
    const removed = before.filter((role) => !after.includes(role));
    if (added.length + removed.length === 0) return;
    this.events.publish(authorizationChangedEvent, AuthorizationChange.user, { userId: user._id });
    const brief = { _id: user._id, username: user.username };
    for (const role of added) this.realtime.userRoleChanged('added', role, brief);
    for (const role of removed) this.realtime.userRoleChanged('removed', role, brief);
  }
}
