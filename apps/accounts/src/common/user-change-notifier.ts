import { Injectable } from '@nestjs/common';
import { UserChange, userChangedEvent } from '@rc/contracts';
import { EventBus } from '@rc/platform';

/**
 * A user's notification preferences were written: the broadcast on which every core instance drops what it holds
 * of the user (DesktopReceiverCache), resolved once NATS has it (so a message sent after the change was
 * acknowledged is decided with it).
 */
@Injectable()
export class UserChangeNotifier {
  constructor(private readonly events: EventBus) {}

  async preferencesChanged(userId: string): Promise<void> {
    this.events.publish(userChangedEvent, UserChange.preferences, { userId });
    await this.events.flush();
  }
}
