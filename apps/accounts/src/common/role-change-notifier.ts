import { Injectable } from '@nestjs/common';
import { AuthorizationChange, authorizationChangedEvent } from '@rc/contracts';
import { EventBus } from '@rc/platform';

/**
 * When accounts changes whether a user may hold anything (activation, the user's deletion): the broadcast on
 * which every app drops the user's cached roles, resolved once NATS has it (so a request made after the change
 * was acknowledged is answered after it). Changes of roles themselves are the authorization service's.
 */
@Injectable()
export class RoleChangeNotifier {
  constructor(private readonly events: EventBus) {}

  /** The user was activated, deactivated or deleted. */
  async accessChanged(userId: string): Promise<void> {
    this.events.publish(authorizationChangedEvent, AuthorizationChange.user, { userId });
    await this.events.flush();
  }
}
