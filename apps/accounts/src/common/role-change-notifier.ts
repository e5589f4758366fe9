import { Injectable } from '@nestjs/common';
import { AuthorizationChange, authorizationChangedEvent, type IUser } from '@rc/contracts';
import { EventBus } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';

/**
 * When accounts changes what a user holds (global roles, activation, the user's deletion): the broadcast on
 * which every authorization instance forgets the user's cached roles, resolved once NATS has it (so a request
 * made after the change was acknowledged is answered after it), and Rocket.Chat's `roles-change` for clients,
 * one per role.
 */
@Injectable()
export class RoleChangeNotifier {
  constructor(
    private readonly events: EventBus,
    private readonly realtime: RealtimePublisher,
  ) {}

  async rolesChanged(user: Pick<IUser, '_id' | 'username'>, before: readonly string[], after: readonly string[]): Promise<void> {
    const added = after.filter((role) => !before.includes(role));
    const removed = before.filter((role) => !after.includes(role));
    if (added.length + removed.length === 0) return;
    const brief = { _id: user._id, username: user.username };
    for (const role of added) this.realtime.userRoleChanged('added', role, brief);
    for (const role of removed) this.realtime.userRoleChanged('removed', role, brief);
    await this.accessChanged(user._id);
  }

  /** The user was activated, deactivated or deleted (or their roles changed). */
  async accessChanged(userId: string): Promise<void> {
    this.events.publish(authorizationChangedEvent, AuthorizationChange.user, { userId });
    await this.events.flush();
  }
}
