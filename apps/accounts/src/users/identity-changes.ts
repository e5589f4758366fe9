import { Injectable, Logger } from '@nestjs/common';
import { roomsRenameUser, type IUser } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';

/**
 * What follows a username or display name change, once the user document holds it (Rocket.Chat's
 * `saveUserIdentity`): core renames the copies in messages, rooms and subscriptions (`rooms.renameUser`), and
 * logged-in clients are told (`Users:NameChanged`). The change itself stands if core fails to follow: that is
 * logged, as a default-room join that fails at registration is.
 */
@Injectable()
export class IdentityChanges {
  private readonly logger = new Logger(IdentityChanges.name);

  constructor(
    private readonly rpc: RpcClient,
    private readonly realtime: RealtimePublisher,
  ) {}

  async propagate(before: IUser, after: IUser): Promise<void> {
    if (after.username === before.username && after.name === before.name) return;
    if (before.username && after.username) {
      try {
        await this.rpc.request(roomsRenameUser, {
          userId: after._id,
          oldUsername: before.username,
          newUsername: after.username,
          ...(after.name !== undefined && { name: after.name }),
        });
      } catch (error) {
        this.logger.warn(`user ${after._id} renamed without renaming their messages, rooms and subscriptions: ${String(error)}`);
      }
    }
    this.realtime.userNameChanged({ _id: after._id, username: after.username, name: after.name });
  }
}
